using MailServerOperator.Api;

namespace MailServerOperator.Status;

internal static class ConditionTransitions
{
    /// <summary>The conditions whose status or reason changed; a False positive condition or a True Stalled is a warning.</summary>
    public static IEnumerable<ConditionTransition> Between(IReadOnlyList<MailServerCondition>? before, IReadOnlyList<MailServerCondition>? after)
    {
        foreach (var condition in after ?? [])
        {
            if (condition.Type == ConditionTypes.Reconciling)
            {
                continue;
            }

            var previous = before.Find(condition.Type);
            if (previous is not null && previous.Status == condition.Status && previous.Reason == condition.Reason)
            {
                continue;
            }

            var warning = condition.Type == ConditionTypes.Stalled
                ? condition.Status == ConditionStatus.True
                : condition.Status == ConditionStatus.False;
            yield return new ConditionTransition(condition, warning);
        }
    }
}
