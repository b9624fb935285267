namespace MailServerOperator.Probing;

/// <summary>Where a probe is; a failure's message says which step did not finish.</summary>
internal enum ProbeStage
{
    /// <summary>Looking up the host name.</summary>
    Resolving,

    /// <summary>Opening the TCP connection.</summary>
    Connecting,

    /// <summary>Implicit TLS, greeting, capabilities (CAPA, CAPABILITY, EHLO) and STARTTLS: MailKit's ConnectAsync.</summary>
    SessionSetup,

    /// <summary>The STARTTLS (STLS) command is sent: its answer and the TLS handshake that follows.</summary>
    StartingTls,

    /// <summary>The one login attempt.</summary>
    Authenticating,

    /// <summary>A check after the login (POP3 UIDL, IMAP4 INBOX).</summary>
    Checking,
}
