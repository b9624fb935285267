using MailServerOperator.Api;

namespace MailServerOperator.Status;

/// <summary>
/// Which condition changes deserve an Event, with client-go's habits: none for a new object's first, expected
/// conditions (Valid=True, Ready=True, anything Unknown or Reconciling); one for a change a person would act on: the spec
/// became invalid (or invalid differently), Ready became False (or False for another reason), and the recoveries from
/// those (False to True). An invalid spec is told once, by Valid, not again by Ready.
/// </summary>
internal static class ConditionTransitions
{
    public static IEnumerable<ConditionTransition> Between(IReadOnlyList<MailServerCondition>? before, IReadOnlyList<MailServerCondition>? after)
    {
        var valid = after.Find(ConditionTypes.Valid);
        if (Changed(before.Find(ConditionTypes.Valid), valid, compareMessage: true) is { } validTransition)
        {
            yield return validTransition;
        }

        if (valid?.Status != ConditionStatus.False && Changed(before.Find(ConditionTypes.Ready), after.Find(ConditionTypes.Ready), compareMessage: false) is { } readyTransition)
        {
            yield return readyTransition;
        }
    }

    private static ConditionTransition? Changed(MailServerCondition? previous, MailServerCondition? current, bool compareMessage)
    {
        if (current?.Status == ConditionStatus.False)
        {
            var same = previous?.Status == ConditionStatus.False && previous.Reason == current.Reason
                && (!compareMessage || previous.Message == current.Message);
            return same ? null : new ConditionTransition(current, Warning: true);
        }

        return current?.Status == ConditionStatus.True && previous?.Status == ConditionStatus.False
            ? new ConditionTransition(current, Warning: false)
            : null;
    }
}
