namespace MailServerOperator.Probing;

/// <summary>
/// Why a probe ended the way it did: a closed set. Every value but <see cref="Verified"/> is a failure, and every
/// probe result pairs its reason with a message a person can act on ("host:port: what is wrong").
/// </summary>
internal enum ProbeReason
{
    /// <summary>
    /// Every check passed. Checks that need a login (POP3 UIDL on a server whose CAPA is silent, IMAP4 INBOX) are
    /// proven only with credentials; without them the probe still reports <see cref="Verified"/> and its message
    /// says which check could not be made.
    /// </summary>
    Verified,

    /// <summary>The host name does not resolve (no such name, no address, or the resolver failed).</summary>
    DnsFailure,

    /// <summary>
    /// Every address of the host is in a network the operator does not probe (loopback, link-local, private, shared,
    /// unspecified, multicast or reserved) and that its administrator has not allowed: nothing was sent to it.
    /// </summary>
    AddressNotAllowed,

    /// <summary>Nothing listens on the port: the host answered the connection attempt with a reset.</summary>
    ConnectionRefused,

    /// <summary>
    /// The connection could not be made or broke for another network reason: host or network unreachable, or the
    /// server reset or closed the connection in the middle of the conversation.
    /// </summary>
    ConnectionFailed,

    /// <summary>
    /// A step did not finish in time: the TCP connection, the TLS handshake, the greeting (a server that accepts and
    /// never speaks), a command, or the probe's overall deadline.
    /// </summary>
    Timeout,

    /// <summary>
    /// TLS could not be set up for a reason other than the certificate: the handshake failed (e.g. the port does not
    /// speak TLS, or only versions older than TLS 1.2), or the server refused the STARTTLS it offers. The probe never
    /// continues without TLS.
    /// </summary>
    TlsHandshakeFailed,

    /// <summary>
    /// The server's certificate was rejected: expired or not yet valid, issued by an authority that neither the
    /// system roots nor the configured extra CA bundle trust, or issued for another host name.
    /// </summary>
    CertificateInvalid,

    /// <summary>TLS mode StartTls is configured, but the server does not offer STARTTLS (SMTP, IMAP4) or STLS (POP3).</summary>
    StartTlsNotOffered,

    /// <summary>POP3 only: the server does not support UIDL (CAPA does not list it, or the UIDL command fails).</summary>
    UidlNotSupported,

    /// <summary>POP3 only: APOP is configured, but the server's greeting carries no APOP timestamp.</summary>
    ApopNotOffered,

    /// <summary>IMAP4 only: after the login the INBOX could not be opened read-only.</summary>
    InboxUnavailable,

    /// <summary>
    /// The configured login method is not offered: SMTP AUTH without the configured mechanism (or without AUTH at
    /// all), or IMAP4 announcing LOGINDISABLED when the probe has credentials to log in with.
    /// </summary>
    AuthMechanismNotOffered,

    /// <summary>The server rejected the test credentials (exactly one attempt, with exactly the configured mechanism).</summary>
    AuthenticationFailed,

    /// <summary>SMTP only: the SIZE the server announces is below the largest message the configuration must send.</summary>
    MessageSizeLimitTooSmall,

    /// <summary>The server does not speak the protocol: an unexpected greeting, a malformed answer or a rejected command.</summary>
    ProtocolError,
}
