namespace MailServerOperator.Api;

internal sealed record OutgoingStatus
{
    public string? Endpoint { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public long? LatencyMs { get; init; }
    public string? TlsProtocol { get; init; }
    public DateTimeOffset? CertificateExpiresAt { get; init; }
    public long? MaxMessageSize { get; init; }
    public IReadOnlyList<string>? AuthMechanisms { get; init; }
}
