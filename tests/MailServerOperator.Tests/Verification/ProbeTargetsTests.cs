using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Verification;

namespace MailServerOperator.Tests.Verification;

public sealed class ProbeTargetsTests
{
    [Theory]
    [InlineData("Pop3", null, null, "Pop3", 995, "Implicit")]
    [InlineData("Pop3", "StartTls", null, "Pop3", 110, "StartTls")]
    [InlineData("Imap4", null, null, "Imap4", 993, "Implicit")]
    [InlineData("Imap4", "None", 1143, "Imap4", 1143, "None")]
    public void Incoming_DefaultsResolved_TargetsEffectivePortAndTls(string protocol, string? tls, int? port, string expectedProtocol, int expectedPort, string expectedTls)
    {
        var target = ProbeTargets.Incoming(new IncomingServer
        {
            Protocol = Enum.Parse<IncomingProtocol>(protocol),
            Host = "mail.example.jp",
            Tls = tls is null ? null : Enum.Parse<TlsMode>(tls),
            Port = port,
            Apop = true,
        });

        Assert.Equal(new IncomingProbeTarget(Enum.Parse<IncomingMailProtocol>(expectedProtocol), "mail.example.jp", expectedPort, Enum.Parse<ProbeTlsMode>(expectedTls), true), target);
    }

    [Theory]
    [InlineData(null, null, 587, "StartTls", "Plain")]
    [InlineData("Implicit", "CramMd5", 465, "Implicit", "CramMd5")]
    [InlineData("None", "None", 587, "None", "None")]
    [InlineData("StartTls", "XOAuth2", 587, "StartTls", "XOAuth2")]
    [InlineData("StartTls", "Login", 587, "StartTls", "Login")]
    public void Outgoing_MechanismAndTls_MapExactly(string? tls, string? mechanism, int expectedPort, string expectedTls, string expectedMechanism)
    {
        var target = ProbeTargets.Outgoing(new OutgoingServer
        {
            Host = "smtp.example.jp",
            Tls = tls is null ? null : Enum.Parse<TlsMode>(tls),
            Authentication = mechanism is null ? null : new SmtpAuthentication { Mechanism = Enum.Parse<SmtpAuthMechanism>(mechanism) },
            MaxMessageSize = "10Mi",
        });

        Assert.Equal(expectedPort, target.Port);
        Assert.Equal(Enum.Parse<ProbeTlsMode>(expectedTls), target.Tls);
        Assert.Equal(Enum.Parse<ProbeAuthMechanism>(expectedMechanism), target.AuthMechanism);
        Assert.Equal(10 * 1024 * 1024, target.RequiredMessageSize);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("Plain", true, true)]
    [InlineData("Plain", false, false)]
    [InlineData("None", true, false)]
    public void OutgoingCredentials_AccountCredentialsAndMechanism_DecideWhetherSmtpLogsIn(string? mechanism, bool? useAccountCredentials, bool logsIn)
    {
        var credentials = new ProbeCredentials("alice", "secret");
        var outgoing = new OutgoingServer
        {
            Host = "smtp.example.jp",
            Authentication = mechanism is null ? null : new SmtpAuthentication { Mechanism = Enum.Parse<SmtpAuthMechanism>(mechanism), UseAccountCredentials = useAccountCredentials },
        };

        Assert.Equal(logsIn ? credentials : null, ProbeTargets.OutgoingCredentials(outgoing, credentials));
    }
}
