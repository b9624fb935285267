namespace MailServerOperator.Api;

internal sealed record ProbeSpec
{
    /// <summary>A Go-style duration such as <c>5m</c> or <c>1h30m</c>.</summary>
    public string? Interval { get; init; }
    public SecretReference? CredentialsSecretRef { get; init; }
}
