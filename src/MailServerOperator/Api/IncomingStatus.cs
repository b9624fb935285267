namespace MailServerOperator.Api;

internal sealed record IncomingStatus
{
    public DateTimeOffset? VerifiedAt { get; init; }
    public long? LatencyMs { get; init; }
    public string? TlsProtocol { get; init; }
    public DateTimeOffset? CertificateExpiresAt { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }
}
