namespace MailServerOperator.Api;

internal sealed record OutgoingStatus
{
    /// <summary>The probed server as <c>host:port</c>, port resolved (the Outgoing printer column).</summary>
    public string? Endpoint { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public long? LatencyMs { get; init; }
    public string? TlsProtocol { get; init; }
    public DateTimeOffset? CertificateExpiresAt { get; init; }
    public string? CertificateSubject { get; init; }
    public long? MaxMessageSize { get; init; }
    public IReadOnlyList<string>? AuthMechanisms { get; init; }
}
