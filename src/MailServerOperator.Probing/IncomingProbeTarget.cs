namespace MailServerOperator.Probing;

/// <summary>An incoming (POP3 or IMAP4) server to probe.</summary>
/// <param name="Protocol">POP3 or IMAP4.</param>
/// <param name="Host">DNS name or IP address; also the name the TLS certificate must match.</param>
/// <param name="Port">TCP port, 1..65535.</param>
/// <param name="Tls">How the connection is secured.</param>
/// <param name="Apop">POP3 only: the greeting must offer APOP, and a login with credentials uses APOP.</param>
internal sealed record IncomingProbeTarget(IncomingMailProtocol Protocol, string Host, int Port, ProbeTlsMode Tls, bool Apop = false);
