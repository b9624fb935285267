using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>The outcome of verifying one MailServer spec (identified by its fingerprint) at one time.</summary>
/// <param name="Fingerprint">The <see cref="SpecFingerprint"/> of the spec that was verified.</param>
/// <param name="CompletedAt">When the verification finished (status verifiedAt).</param>
/// <param name="NextDueAt">When the next verification is due.</param>
/// <param name="Incoming">The incoming probe's result; null when <paramref name="Problem"/> stopped the probes.</param>
/// <param name="Outgoing">The outgoing probe's result; null when <paramref name="Problem"/> stopped the probes.</param>
/// <param name="Problem">Why no verdict on the servers was reached, or null.</param>
internal sealed record VerificationOutcome(
    string Fingerprint,
    DateTimeOffset CompletedAt,
    DateTimeOffset NextDueAt,
    IncomingProbeResult? Incoming,
    OutgoingProbeResult? Outgoing,
    VerificationProblem? Problem)
{
    /// <summary>The <c>mailshare.io/requested-at</c> annotation value this verification answered (status lastHandledRequestedAt).</summary>
    public string? RequestedAt { get; init; }

    /// <summary>The <see cref="CredentialsLookup.Stamp"/> of the probe Secret as it was read; null when unknown (e.g. read back from status).</summary>
    public string? CredentialsStamp { get; init; }
}
