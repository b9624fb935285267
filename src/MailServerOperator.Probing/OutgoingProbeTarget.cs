namespace MailServerOperator.Probing;

/// <summary>An outgoing SMTP server to probe.</summary>
/// <param name="Host">DNS name or IP address; also the name the TLS certificate must match.</param>
/// <param name="Port">TCP port, 1..65535.</param>
/// <param name="Tls">How the connection is secured.</param>
/// <param name="AuthMechanism">The SMTP AUTH mechanism that must be offered and, with credentials, is logged in with.</param>
/// <param name="RequiredMessageSize">The largest message (bytes) the server must accept; null skips the SIZE check.</param>
internal sealed record OutgoingProbeTarget(
    string Host,
    int Port,
    ProbeTlsMode Tls,
    ProbeAuthMechanism AuthMechanism,
    long? RequiredMessageSize = null);
