namespace MailServerOperator.Api;

internal sealed record IncomingStatus
{
    public string? Endpoint { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public long? LatencyMs { get; init; }
    public string? TlsProtocol { get; init; }
    public DateTimeOffset? CertificateExpiresAt { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }
}
