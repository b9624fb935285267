namespace MailServerOperator.Probing;

/// <summary>A test account a probe logs in with (exactly once). <see cref="ToString"/> never shows the password.</summary>
internal sealed record ProbeCredentials(string Username, string Password)
{
    public override string ToString() => $"ProbeCredentials {{ Username = {Username}, Password = *** }}";
}
