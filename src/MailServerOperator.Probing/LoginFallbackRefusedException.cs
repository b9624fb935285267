namespace MailServerOperator.Probing;

/// <summary>
/// Thrown into MailKit when, after a rejected APOP login, it asks for credentials for another method: MailKit would
/// otherwise fall back to USER/PASS, a second attempt that counts towards an account lockout.
/// </summary>
internal sealed class LoginFallbackRefusedException : Exception
{
    public LoginFallbackRefusedException()
        : base("The APOP login was rejected; no other login method is tried.")
    {
    }

    public LoginFallbackRefusedException(string message)
        : base(message)
    {
    }

    public LoginFallbackRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
