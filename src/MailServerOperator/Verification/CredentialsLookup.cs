using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>
/// The probe account from the referenced Secret, or why there is none (never the secret values themselves), and a
/// keyed hash of what was read (<see cref="Stamp"/>), so a later read tells whether the Secret changed for the probe.
/// </summary>
internal sealed record CredentialsLookup(ProbeCredentials? Credentials, VerificationProblem? Problem, string? Stamp)
{
    public static CredentialsLookup None { get; } = new(null, null, null);

    /// <summary>
    /// When the usable Secret last changed (its latest managedFields time, else its creation), as the API server
    /// records it: what a process that has no <see cref="Stamp"/> to compare with (after a restart) compares with verifiedAt.
    /// </summary>
    public DateTimeOffset? ChangedAt { get; init; }
}
