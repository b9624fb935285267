using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Status;

/// <summary>The pure function from what a reconcile learned to the status it writes.</summary>
internal static class StatusBuilder
{
    public const string ReasonValid = "Valid";
    public const string ReasonInvalidSpec = "InvalidSpec";
    public const string ReasonVerifying = "Verifying";
    public const string ReasonVerified = "Verified";
    public const string ReasonVerificationDisabled = "VerificationDisabled";
    public const string ReasonCredentialsUnavailable = VerificationProblem.CredentialsUnavailable;
    public const string ReasonCredentialsReadFailed = VerificationProblem.CredentialsReadFailed;
    public const string ReasonOperatorError = VerificationProblem.OperatorError;
    public const string ReasonIncomingUnreachable = "IncomingUnreachable";
    public const string ReasonOutgoingUnreachable = "OutgoingUnreachable";

    public static MailServerStatus Build(StatusInputs inputs)
    {
        var errors = inputs.Issues.Where(i => i.Severity == ValidationSeverity.Error).ToList();
        var warnings = inputs.Issues.Where(i => i.Severity == ValidationSeverity.Warning).Select(i => i.ToString()).ToList();
        var conditions = errors.Count > 0 ? Invalid(errors)
            : !inputs.VerificationEnabled ? ValidUnverified()
            : inputs.Verification is { } verification ? Verified(verification)
            : Verifying();
        var verified = errors.Count == 0 ? inputs.Verification : null;

        return new MailServerStatus
        {
            ObservedGeneration = inputs.Generation,
            Position = inputs.Position,
            Conditions = Conditions.Stamp(conditions, inputs.Previous?.Conditions, inputs.Generation, inputs.Now),
            Incoming = IncomingStatusOf(inputs.IncomingEndpoint, verified),
            Outgoing = OutgoingStatusOf(inputs.OutgoingEndpoint, verified),
            Warnings = warnings.Count > 0 ? warnings : null,
            LastHandledRequestedAt = verified?.RequestedAt ?? inputs.Previous?.LastHandledRequestedAt,
        };
    }

    private static IEnumerable<MailServerCondition> Invalid(IReadOnlyList<ValidationIssue> errors)
    {
        var message = string.Join("; ", errors.Select(e => e.ToString()));
        yield return Conditions.Make(ConditionTypes.Valid, false, ReasonInvalidSpec, message);
        yield return Conditions.Make(ConditionTypes.Ready, false, ReasonInvalidSpec, "the spec is invalid: " + message);
        yield return Conditions.Make(ConditionTypes.Stalled, true, ReasonInvalidSpec, "the spec is invalid; fix it to continue: " + message);
    }

    private static IEnumerable<MailServerCondition> ValidUnverified()
    {
        yield return SpecValid();
        yield return Conditions.Make(ConditionTypes.Ready, true, ReasonVerificationDisabled, "the spec is valid; mail-server verification is disabled");
    }

    private static IEnumerable<MailServerCondition> Verifying()
    {
        yield return SpecValid();
        yield return Conditions.Make(ConditionTypes.Reconciling, true, ReasonVerifying, "verifying the incoming and outgoing servers");
        yield return new MailServerCondition
        {
            Type = ConditionTypes.Ready,
            Status = ConditionStatus.Unknown,
            Reason = ReasonVerifying,
            Message = "the spec is valid; the servers are being verified",
        };
    }

    private static IEnumerable<MailServerCondition> Verified(VerificationOutcome verification)
    {
        yield return SpecValid();
        if (verification.Problem is { } problem)
        {
            // Unknown when the operator could not find out (its own failure), False when no probe was allowed.
            var servers = problem.ServersUnknown ? ConditionStatus.Unknown : ConditionStatus.False;
            yield return Conditions.Make(ConditionTypes.IncomingReachable, false, problem.Reason, problem.Message) with { Status = servers };
            yield return Conditions.Make(ConditionTypes.OutgoingReachable, false, problem.Reason, problem.Message) with { Status = servers };
            yield return Conditions.Make(ConditionTypes.Ready, false, problem.Reason, problem.Message);
            yield break;
        }

        var incoming = verification.Incoming!;
        var outgoing = verification.Outgoing!;
        yield return Conditions.Make(ConditionTypes.IncomingReachable, incoming.Succeeded, incoming.Reason.ToString(), incoming.Message);
        yield return Conditions.Make(ConditionTypes.OutgoingReachable, outgoing.Succeeded, outgoing.Reason.ToString(), outgoing.Message);
        yield return (incoming.Succeeded, outgoing.Succeeded) switch
        {
            (true, true) => Conditions.Make(ConditionTypes.Ready, true, ReasonVerified, "both servers were verified"),
            (false, _) => Conditions.Make(ConditionTypes.Ready, false, ReasonIncomingUnreachable, Failures(incoming, outgoing)),
            _ => Conditions.Make(ConditionTypes.Ready, false, ReasonOutgoingUnreachable, Failures(incoming, outgoing)),
        };
    }

    private static MailServerCondition SpecValid() => Conditions.Make(ConditionTypes.Valid, true, ReasonValid, "the spec is valid");

    private static string Failures(IncomingProbeResult incoming, OutgoingProbeResult outgoing) =>
        string.Join("; ", new[] { incoming.Succeeded ? null : incoming.Message, outgoing.Succeeded ? null : outgoing.Message }.OfType<string>());

    private static IncomingStatus? IncomingStatusOf(string? endpoint, VerificationOutcome? verification) =>
        (endpoint, verification?.Incoming) switch
        {
            (null, null) => null,
            (_, null) => new IncomingStatus { Endpoint = endpoint },
            (_, { } result) => new IncomingStatus
            {
                Endpoint = endpoint,
                VerifiedAt = verification!.CompletedAt,
                LatencyMs = (long)result.Latency.TotalMilliseconds,
                TlsProtocol = result.TlsProtocol,
                CertificateSubject = result.CertificateSubject,
                CertificateExpiresAt = result.CertificateExpiresAt,
                Capabilities = result.Capabilities.Count > 0 ? result.Capabilities : null,
            },
        };

    private static OutgoingStatus? OutgoingStatusOf(string? endpoint, VerificationOutcome? verification) =>
        (endpoint, verification?.Outgoing) switch
        {
            (null, null) => null,
            (_, null) => new OutgoingStatus { Endpoint = endpoint },
            (_, { } result) => new OutgoingStatus
            {
                Endpoint = endpoint,
                VerifiedAt = verification!.CompletedAt,
                LatencyMs = (long)result.Latency.TotalMilliseconds,
                TlsProtocol = result.TlsProtocol,
                CertificateSubject = result.CertificateSubject,
                CertificateExpiresAt = result.CertificateExpiresAt,
                MaxMessageSize = result.MaxMessageSize,
                AuthMechanisms = result.AuthMechanisms.Count > 0 ? result.AuthMechanisms : null,
            },
        };
}
