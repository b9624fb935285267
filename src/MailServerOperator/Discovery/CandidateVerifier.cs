using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// Verifies one candidate with the operator's own probes. A candidate that is not implicit TLS is tried with STARTTLS
/// first, and in plain text only when the server offers no STARTTLS: plain text is never chosen where TLS works.
/// POP3 must show UIDL, IMAP4 an INBOX (with credentials), SMTP answers EHLO and its AUTH mechanisms and SIZE are
/// read; with credentials (and <see cref="CredentialPolicy"/>'s consent) the one login uses exactly the mechanism
/// that will be written. A refused candidate yields null and one line on the diagnostics.
/// </summary>
internal sealed class CandidateVerifier(IMailServerProber prober, ProbeCredentials? credentials, string domain, Action<string> diagnostic)
{
    /// <summary>The mechanism written for a server offering <paramref name="offered"/>: PLAIN when offered, as the product recommends.</summary>
    public static ProbeAuthMechanism ChooseMechanism(IReadOnlyList<string> offered)
    {
        foreach (var mechanism in new[] { ProbeAuthMechanism.Plain, ProbeAuthMechanism.Login, ProbeAuthMechanism.CramMd5, ProbeAuthMechanism.XOAuth2 })
        {
            if (offered.Contains(SmtpProbe.MechanismName(mechanism), StringComparer.OrdinalIgnoreCase))
            {
                return mechanism;
            }
        }

        return ProbeAuthMechanism.None;
    }

    public async Task<VerifiedServer?> VerifyAsync(ServerCandidate candidate, CancellationToken cancellationToken)
    {
        var first = candidate.Tls == ProbeTlsMode.Implicit ? ProbeTlsMode.Implicit : ProbeTlsMode.StartTls;
        var (verified, reason) = await ProbeAsync(candidate, first, cancellationToken);
        if (verified is null && candidate.Tls != ProbeTlsMode.Implicit && reason == ProbeReason.StartTlsNotOffered)
        {
            (verified, _) = await ProbeAsync(candidate, ProbeTlsMode.None, cancellationToken);
        }

        return verified;
    }

    private async Task<(VerifiedServer? Server, ProbeReason Reason)> ProbeAsync(ServerCandidate candidate, ProbeTlsMode tls, CancellationToken cancellationToken)
    {
        var login = credentials is not null && CredentialPolicy.MayLogIn(candidate, tls, domain) ? credentials : null;
        var notLoggedIn = credentials is null ? "no test credentials given"
            : tls == ProbeTlsMode.None ? "credentials are never sent in plain text"
            : $"credentials are sent only to hosts in {domain} or named by the catalog or autoconfig over HTTPS";
        var notChecked = new List<string>();
        if (candidate.Kind == ServerKind.Smtp)
        {
            var capabilities = await prober.ProbeOutgoingAsync(new OutgoingProbeTarget(candidate.Host, candidate.Port, tls, ProbeAuthMechanism.None), null, cancellationToken);
            if (!Accept(candidate, tls, capabilities.Reason, capabilities.Message))
            {
                return (null, capabilities.Reason);
            }

            var mechanism = ChooseMechanism(capabilities.AuthMechanisms);
            var facts = $"SMTP verified ({Tls(capabilities.TlsProtocol, tls)}; " +
                (capabilities.MaxMessageSize is { } size ? $"SIZE {ProbeText.Bytes(size)}" : "no SIZE limit announced") + "; " +
                (capabilities.AuthMechanisms.Count > 0 ? $"AUTH {string.Join(' ', capabilities.AuthMechanisms)} offered)" : "no SMTP AUTH offered)") +
                Certificate(capabilities.CertificateExpiresAt);
            if (mechanism is ProbeAuthMechanism.Plain or ProbeAuthMechanism.Login or ProbeAuthMechanism.CramMd5 && login is not null)
            {
                var result = await prober.ProbeOutgoingAsync(new OutgoingProbeTarget(candidate.Host, candidate.Port, tls, mechanism), login, cancellationToken);
                if (!Accept(candidate, tls, result.Reason, result.Message))
                {
                    return (null, result.Reason);
                }

                facts = Detail(result.Message) + Certificate(result.CertificateExpiresAt);
            }
            else if (mechanism != ProbeAuthMechanism.None)
            {
                notChecked.Add($"login with AUTH {SmtpProbe.MechanismName(mechanism)} not tested: " +
                    (mechanism == ProbeAuthMechanism.XOAuth2 ? "XOAUTH2 needs an OAuth token" : notLoggedIn));
            }

            return (new VerifiedServer(candidate, tls, true, facts, notChecked, mechanism, capabilities.MaxMessageSize), ProbeReason.Verified);
        }

        var protocol = candidate.Kind == ServerKind.Pop3 ? IncomingMailProtocol.Pop3 : IncomingMailProtocol.Imap4;
        var incoming = await prober.ProbeIncomingAsync(new IncomingProbeTarget(protocol, candidate.Host, candidate.Port, tls), login, cancellationToken);
        if (!Accept(candidate, tls, incoming.Reason, incoming.Message))
        {
            return (null, incoming.Reason);
        }

        // Without any credentials the probe's own message says what was not tested.
        if (login is null && credentials is not null)
        {
            notChecked.Add(candidate.Kind == ServerKind.Imap4
                ? $"login and INBOX not tested: {notLoggedIn}"
                : $"login not tested: {notLoggedIn}");
        }

        return (new VerifiedServer(candidate, tls, true, Detail(incoming.Message) + Certificate(incoming.CertificateExpiresAt), notChecked), ProbeReason.Verified);
    }

    private static string Tls(string? protocol, ProbeTlsMode tls) =>
        protocol is null ? "plain text (no TLS)" : tls == ProbeTlsMode.StartTls ? $"{protocol} via STARTTLS" : protocol;

    private static string Certificate(DateTimeOffset? expiresAt) =>
        expiresAt is { } at ? $"; certificate valid until {at.UtcDateTime:yyyy-MM-dd}" : string.Empty;

    /// <summary>The probe's message without its "host:port: " prefix (the manifest names the endpoint already).</summary>
    private static string Detail(string message) => message.IndexOf(": ", StringComparison.Ordinal) is var colon and >= 0 ? message[(colon + 2)..] : message;

    private bool Accept(ServerCandidate candidate, ProbeTlsMode tls, ProbeReason reason, string message)
    {
        if (reason == ProbeReason.Verified)
        {
            return true;
        }

        // STARTTLS missing is not yet a refusal: the plain-text attempt follows.
        if (reason != ProbeReason.StartTlsNotOffered || candidate.Tls == ProbeTlsMode.Implicit)
        {
            var hint = reason == ProbeReason.CertificateInvalid ? " (a private CA? pass it with --ca-bundle)" : string.Empty;
            diagnostic($"refused {candidate.Kind.Display()} {candidate.Endpoint} {tls} ({candidate.Origin}): {reason}: {message}{hint}");
        }

        return false;
    }
}
