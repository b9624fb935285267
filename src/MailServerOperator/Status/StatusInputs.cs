using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Status;

/// <summary>Everything one reconcile learned about a MailServer; <see cref="StatusBuilder"/> turns it into status.</summary>
internal sealed record StatusInputs
{
    public required long Generation { get; init; }

    public required IReadOnlyList<ValidationIssue> Issues { get; init; }

    public int? Position { get; init; }

    public string? IncomingEndpoint { get; init; }

    public string? OutgoingEndpoint { get; init; }

    public MailServerStatus? Previous { get; init; }

    public required DateTimeOffset Now { get; init; }
}
