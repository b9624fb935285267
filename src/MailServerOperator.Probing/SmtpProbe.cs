using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailServerOperator.Probing;

/// <summary>
/// SMTP: EHLO (sent by MailKit's connect), STARTTLS offered (StartTls), the configured AUTH mechanism offered, SIZE not
/// below the required size, and with credentials one login with exactly that mechanism. XOAUTH2 needs an OAuth token,
/// so for XOAUTH2 only the offer is checked.
/// </summary>
internal sealed class SmtpProbe(OutgoingProbeTarget target, ProbeCredentials? credentials, ProbeSession session, string? localDomain)
    : MailProbe<ProbeSmtpClient>(session)
{
    public static string MechanismName(ProbeAuthMechanism mechanism) => mechanism switch
    {
        ProbeAuthMechanism.Plain => "PLAIN",
        ProbeAuthMechanism.Login => "LOGIN",
        ProbeAuthMechanism.CramMd5 => "CRAM-MD5",
        ProbeAuthMechanism.XOAuth2 => "XOAUTH2",
        _ => "none",
    };

    protected override void Configure(ProbeSmtpClient client)
    {
        if (localDomain is not null)
        {
            client.LocalDomain = localDomain;
        }
    }

    protected override void Record(ProbeSmtpClient client)
    {
        Session.Capabilities = CapabilityNames.Of(client.Capabilities);
        Session.AuthMechanisms = CapabilityNames.Of(client.AuthenticationMechanisms);
        Session.MaxMessageSize = client.Capabilities.HasFlag(SmtpCapabilities.Size) && client.MaxSize > 0 ? client.MaxSize : null;
    }

    protected override async Task<ProbeVerdict> VerifyAsync(ProbeSmtpClient client, CancellationToken cancellationToken)
    {
        var mechanism = MechanismName(target.AuthMechanism);
        if (target.AuthMechanism != ProbeAuthMechanism.None && !Session.AuthMechanisms.Contains(mechanism))
        {
            return new(ProbeReason.AuthMechanismNotOffered, Session.AuthMechanisms.Count == 0
                ? $"AUTH {mechanism} is configured, but the server offers no SMTP AUTH{(client.IsSecure ? string.Empty : " (some servers offer it only after STARTTLS)")}"
                : $"AUTH {mechanism} is configured, but the server offers only {ProbeText.List(Session.AuthMechanisms)}");
        }

        if (target.RequiredMessageSize is { } required && Session.MaxMessageSize is { } announced && announced < required)
        {
            return new(ProbeReason.MessageSizeLimitTooSmall, $"the server's SIZE limit is {ProbeText.Bytes(announced)}, less than the required {ProbeText.Bytes(required)}");
        }

        var size = (target.RequiredMessageSize, Session.MaxMessageSize) switch
        {
            ({ } needed, { } limit) => $"SIZE {ProbeText.Bytes(limit)}, enough for {ProbeText.Bytes(needed)}",
            (null, { } limit) => $"SIZE {ProbeText.Bytes(limit)}",
            (null, null) => "no SIZE limit announced",
            _ => "no SIZE limit announced, so the required size could not be checked",
        };

        string login;
        if (target.AuthMechanism == ProbeAuthMechanism.None)
        {
            login = "no SMTP AUTH configured";
        }
        else if (target.AuthMechanism == ProbeAuthMechanism.XOAuth2)
        {
            login = "AUTH XOAUTH2 offered; login not tested (XOAUTH2 needs an OAuth token, not a password)";
        }
        else if (credentials is null)
        {
            login = $"AUTH {mechanism} offered; login not tested (no credentials)";
        }
        else
        {
            Session.Enter(ProbeStage.Authenticating);
            await client.AuthenticateAsync(Sasl(target.AuthMechanism, new NetworkCredential(credentials.Username, credentials.Password)), cancellationToken);
            login = $"login succeeded (AUTH {mechanism})";
        }

        return Verified($"{size}; {login}");
    }

    /// <summary>Exactly the configured mechanism: MailKit's Authenticate(credentials) would try every one it knows.</summary>
    private static SaslMechanism Sasl(ProbeAuthMechanism mechanism, NetworkCredential credential) => mechanism switch
    {
        ProbeAuthMechanism.Plain => new SaslMechanismPlain(credential),
        ProbeAuthMechanism.Login => new SaslMechanismLogin(credential),
        ProbeAuthMechanism.CramMd5 => new SaslMechanismCramMd5(credential),
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, "No password login for this mechanism."),
    };
}
