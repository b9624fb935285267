using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>The probe account from the referenced Secret, or why there is none (never the secret values themselves).</summary>
internal sealed record CredentialsLookup(ProbeCredentials? Credentials, string? Problem)
{
    public static CredentialsLookup None { get; } = new(null, null);
}
