namespace MailServerOperator.Verification;

/// <summary>Why a verification could not reach a verdict on the servers; the reason becomes the conditions' reason.</summary>
/// <param name="Reason">One of the reasons below.</param>
/// <param name="Message">What failed, for a person (never a secret value, never whether an unlabelled Secret exists).</param>
/// <param name="ServersUnknown">True when the servers' state is unknown (the operator failed), false when no probe was allowed.</param>
internal sealed record VerificationProblem(string Reason, string Message, bool ServersUnknown)
{
    /// <summary>The probe Secret is not enabled for probes, lacks a key, or the operator may not read it: no login was attempted.</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>Reading the probe Secret failed (an API server error or timeout); retried soon.</summary>
    public const string CredentialsReadFailed = "CredentialsReadFailed";

    /// <summary>The operator itself failed (a bug): logged with its stack; says nothing about the mail server.</summary>
    public const string OperatorError = "OperatorError";

    public static VerificationProblem Unavailable(string message) => new(CredentialsUnavailable, message, ServersUnknown: false);

    public static VerificationProblem ReadFailed(string message) => new(CredentialsReadFailed, message, ServersUnknown: true);

    public static VerificationProblem Operator(string message) => new(OperatorError, message, ServersUnknown: true);
}
