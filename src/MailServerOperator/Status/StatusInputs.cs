using MailServerOperator.Api;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Status;

/// <summary>Everything one reconcile learned about a MailServer; <see cref="StatusBuilder"/> turns it into status.</summary>
internal sealed record StatusInputs
{
    public required long Generation { get; init; }

    public required IReadOnlyList<ValidationIssue> Issues { get; init; }

    public int? Position { get; init; }

    public string? IncomingEndpoint { get; init; }

    public string? OutgoingEndpoint { get; init; }

    /// <summary>False when verification is switched off: Ready then reflects validity alone.</summary>
    public bool VerificationEnabled { get; init; } = true;

    /// <summary>The latest verification of the current spec; null while the first one runs.</summary>
    public VerificationOutcome? Verification { get; init; }

    public MailServerStatus? Previous { get; init; }

    public required DateTimeOffset Now { get; init; }
}
