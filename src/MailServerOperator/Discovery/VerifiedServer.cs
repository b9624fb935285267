using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>A candidate as it will be written: the TLS mode that works, what verification showed, and the notes for its comments.</summary>
/// <param name="Candidate">The candidate as its source gave it.</param>
/// <param name="Tls">The TLS mode to write (StartTls where the source said plain text but the server offers STARTTLS).</param>
/// <param name="Verified">False only with --no-verify.</param>
/// <param name="Facts">What verification showed (TLS version, certificate, capabilities), for the comments.</param>
/// <param name="Notes">What could not be checked (no credentials: login, INBOX), for the comments.</param>
/// <param name="Mechanism">SMTP only: the AUTH mechanism to write.</param>
/// <param name="MaxMessageSize">SMTP only: the SIZE limit the server announced, in bytes.</param>
internal sealed record VerifiedServer(
    ServerCandidate Candidate,
    ProbeTlsMode Tls,
    bool Verified,
    string Facts,
    IReadOnlyList<string> Notes,
    ProbeAuthMechanism Mechanism = ProbeAuthMechanism.None,
    long? MaxMessageSize = null)
{
    /// <summary>Implicit TLS before STARTTLS before plain text (RFC 8314).</summary>
    public int TlsPreference => Tls switch
    {
        ProbeTlsMode.Implicit => 0,
        ProbeTlsMode.StartTls => 1,
        _ => 2,
    };
}
