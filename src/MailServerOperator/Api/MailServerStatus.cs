namespace MailServerOperator.Api;

internal sealed record MailServerStatus
{
    public long? ObservedGeneration { get; init; }
    public int? Position { get; init; }
    public IReadOnlyList<MailServerCondition>? Conditions { get; init; }
    public IncomingStatus? Incoming { get; init; }
    public OutgoingStatus? Outgoing { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The last <c>mailshare.io/requested-at</c> annotation value a verification answered (like Flux's lastHandledReconcileAt).</summary>
    public string? LastHandledRequestedAt { get; init; }
}
