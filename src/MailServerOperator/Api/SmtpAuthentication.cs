namespace MailServerOperator.Api;

internal sealed record SmtpAuthentication
{
    public SmtpAuthMechanism? Mechanism { get; init; }
    public bool? UseAccountCredentials { get; init; }
}
