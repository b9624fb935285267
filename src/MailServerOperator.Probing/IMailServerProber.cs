namespace MailServerOperator.Probing;

/// <summary>
/// Verifies mail servers for real. A probe never throws for a network or protocol failure: it returns a result with a
/// <see cref="ProbeReason"/>. It is bounded by <see cref="ProbeOptions.Timeout"/>, connects only to addresses that
/// <see cref="ProbeOptions.AddressPolicy"/> allows, logs in at most once with exactly the configured method, and never
/// puts a password, or any text the server sent, in a result. Any other exception is a bug in the probe, not a verdict
/// on the server, and is thrown to the caller.
/// </summary>
internal interface IMailServerProber
{
    /// <summary>
    /// Probes a POP3 or IMAP4 server: TLS (as configured), STLS/STARTTLS offered where required; POP3: UIDL, and the
    /// APOP timestamp when <see cref="IncomingProbeTarget.Apop"/>; IMAP4: INBOX opens read-only. With credentials it
    /// logs in once: POP3 with APOP (apop) or USER/PASS, IMAP4 with the LOGIN command.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    /// <exception cref="Exception">Anything else: a bug in the probe.</exception>
    Task<IncomingProbeResult> ProbeIncomingAsync(IncomingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>
    /// Probes an SMTP server: EHLO, TLS (as configured), STARTTLS offered where required, the configured AUTH mechanism
    /// offered, SIZE not below <see cref="OutgoingProbeTarget.RequiredMessageSize"/>; with credentials it logs in once
    /// with exactly that mechanism (never with XOAUTH2, which needs a token).
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    /// <exception cref="Exception">Anything else: a bug in the probe.</exception>
    Task<OutgoingProbeResult> ProbeOutgoingAsync(OutgoingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken);
}
