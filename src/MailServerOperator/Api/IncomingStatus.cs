namespace MailServerOperator.Api;

internal sealed record IncomingStatus
{
    /// <summary>The probed server as <c>PROTOCOL host:port</c>, port resolved (the Incoming printer column).</summary>
    public string? Endpoint { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public long? LatencyMs { get; init; }
    public string? TlsProtocol { get; init; }
    public DateTimeOffset? CertificateExpiresAt { get; init; }
    public string? CertificateSubject { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }
}
