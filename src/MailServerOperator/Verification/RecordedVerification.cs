using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Status;

namespace MailServerOperator.Verification;

/// <summary>
/// Reads a verification back from the status the operator wrote, so a restart or a failover starts where the last
/// leader stopped: same conditions, same times, the next probe due at verifiedAt + interval.
/// </summary>
internal static class RecordedVerification
{
    /// <summary>
    /// The verification recorded for the object's current generation, or null when status holds none (never
    /// verified, verified for an older spec, or a problem that stopped the probes: those are simply tried again).
    /// </summary>
    public static VerificationOutcome? Read(MailServer server, string fingerprint)
    {
        var generation = server.Metadata.Generation ?? 0;
        if (server.Status is not { } status
            || status.Incoming is not { VerifiedAt: { } incomingAt } incoming
            || status.Outgoing is not { VerifiedAt: { } outgoingAt } outgoing
            || Probe(status, ConditionTypes.IncomingReachable, generation) is not (var incomingReason, var incomingMessage)
            || Probe(status, ConditionTypes.OutgoingReachable, generation) is not (var outgoingReason, var outgoingMessage))
        {
            return null;
        }

        var completedAt = incomingAt < outgoingAt ? incomingAt : outgoingAt;
        var interval = server.Spec?.Probe.EffectiveInterval() ?? ProbeSpecExtensions.DefaultInterval;
        return new VerificationOutcome(
            fingerprint,
            completedAt,
            completedAt + interval,
            new IncomingProbeResult(
                incomingReason,
                incomingMessage,
                TimeSpan.FromMilliseconds(incoming.LatencyMs ?? 0),
                incoming.TlsProtocol,
                incoming.CertificateSubject,
                incoming.CertificateExpiresAt,
                incoming.Capabilities ?? [],
                []),
            new OutgoingProbeResult(
                outgoingReason,
                outgoingMessage,
                TimeSpan.FromMilliseconds(outgoing.LatencyMs ?? 0),
                outgoing.TlsProtocol,
                outgoing.CertificateSubject,
                outgoing.CertificateExpiresAt,
                [],
                outgoing.MaxMessageSize,
                outgoing.AuthMechanisms ?? []),
            null)
        {
            RequestedAt = status.LastHandledRequestedAt,
        };
    }

    // A reachability condition written for this generation carries the probe's reason and message.
    private static (ProbeReason Reason, string Message)? Probe(MailServerStatus status, string type, long generation) =>
        status.Conditions.Find(type) is { } condition
        && condition.ObservedGeneration == generation
        && Enum.TryParse<ProbeReason>(condition.Reason, out var reason)
        && Enum.IsDefined(reason)
            ? (reason, condition.Message ?? "")
            : null;
}
