namespace MailServerOperator.Api;

internal sealed record MailServerSpec
{
    public string? DisplayName { get; init; }
    public int? Order { get; init; }
    public IncomingServer? Incoming { get; init; }
    public OutgoingServer? Outgoing { get; init; }
    public ProbeSpec? Probe { get; init; }
}
