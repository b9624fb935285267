using System.ComponentModel.DataAnnotations;

namespace MailServerOperator.Api;

internal sealed record MailServerSpec
{
    [Required]
    public string? DisplayName { get; init; }
    public int? Order { get; init; }
    [Required]
    public IncomingServer? Incoming { get; init; }
    [Required]
    public OutgoingServer? Outgoing { get; init; }
    public ProbeSpec? Probe { get; init; }
}
