namespace MailServerOperator.Api;

internal sealed record MailServerStatus
{
    public long? ObservedGeneration { get; init; }
    public int? Position { get; init; }
    public IReadOnlyList<MailServerCondition>? Conditions { get; init; }
    public IncomingStatus? Incoming { get; init; }
    public OutgoingStatus? Outgoing { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}
