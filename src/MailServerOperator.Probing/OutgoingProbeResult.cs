namespace MailServerOperator.Probing;

/// <summary>What a probe of an outgoing SMTP server found. Fields stay empty where the probe did not get that far.</summary>
/// <param name="Reason">The verdict.</param>
/// <param name="Message">"host:port: ..." for a person: what was verified, or what is wrong and what to do.</param>
/// <param name="Latency">Time from the start of the probe to the verdict.</param>
/// <param name="TlsProtocol">Negotiated TLS version (e.g. "TLSv1.3"); null for a plain-text connection.</param>
/// <param name="CertificateSubject">Subject of the server's certificate, also when it was rejected.</param>
/// <param name="CertificateExpiresAt">Expiry (NotAfter) of the server's certificate, also when it was rejected.</param>
/// <param name="Capabilities">EHLO extensions as the server names them (e.g. SIZE, STARTTLS, AUTH).</param>
/// <param name="MaxMessageSize">The SIZE limit in bytes; null when the server announces none (or SIZE without a limit).</param>
/// <param name="AuthMechanisms">SMTP AUTH mechanisms the server offers (e.g. PLAIN, LOGIN).</param>
internal sealed record OutgoingProbeResult(
    ProbeReason Reason,
    string Message,
    TimeSpan Latency,
    string? TlsProtocol,
    string? CertificateSubject,
    DateTimeOffset? CertificateExpiresAt,
    IReadOnlyList<string> Capabilities,
    long? MaxMessageSize,
    IReadOnlyList<string> AuthMechanisms)
{
    /// <summary>True when every check passed.</summary>
    public bool Succeeded => Reason == ProbeReason.Verified;
}
