using MailServerOperator.Api;

namespace MailServerOperator.Status;

internal static class Conditions
{
    /// <summary>
    /// Stamps desired conditions with the generation and a transition time: the previous time is kept unless the
    /// condition's status flipped (metav1 semantics), so an unchanged object yields an identical list.
    /// </summary>
    public static IReadOnlyList<MailServerCondition> Stamp(
        IEnumerable<MailServerCondition> desired, IReadOnlyList<MailServerCondition>? previous, long generation, DateTimeOffset now) =>
        [.. desired.Select(condition =>
        {
            var before = previous?.FirstOrDefault(p => p.Type == condition.Type);
            var since = before is not null && before.Status == condition.Status ? before.LastTransitionTime ?? now : now;
            return condition with { ObservedGeneration = generation, LastTransitionTime = since };
        })];

    public static MailServerCondition? Find(this IReadOnlyList<MailServerCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static MailServerCondition Make(string type, bool status, string reason, string message) =>
        new() { Type = type, Status = status ? ConditionStatus.True : ConditionStatus.False, Reason = reason, Message = message };
}
