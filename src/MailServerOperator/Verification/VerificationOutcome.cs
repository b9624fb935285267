using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>The outcome of verifying one MailServer spec (identified by its fingerprint) at one time.</summary>
internal sealed record VerificationOutcome(
    string Fingerprint,
    DateTimeOffset CompletedAt,
    DateTimeOffset NextDueAt,
    IncomingProbeResult? Incoming,
    OutgoingProbeResult? Outgoing,
    string? CredentialsProblem);
