using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class EffectiveValueTests
{
    [Theory]
    [InlineData("Pop3", null, 995)]
    [InlineData("Pop3", "Implicit", 995)]
    [InlineData("Pop3", "StartTls", 110)]
    [InlineData("Pop3", "None", 110)]
    [InlineData("Imap4", null, 993)]
    [InlineData("Imap4", "StartTls", 143)]
    [InlineData("Imap4", "None", 143)]
    public void IncomingEffectivePort_NoPort_IsProtocolDefaultForTls(string protocol, string? tls, int port)
    {
        var incoming = new IncomingServer { Protocol = Enum.Parse<IncomingProtocol>(protocol), Tls = Tls(tls) };

        Assert.Equal(port, incoming.EffectivePort());
    }

    [Fact]
    public void IncomingEffectivePort_PortGiven_IsThatPort()
    {
        Assert.Equal(10995, new IncomingServer { Protocol = IncomingProtocol.Pop3, Port = 10995 }.EffectivePort());
    }

    [Fact]
    public void IncomingEffectivePort_NoPortNoProtocol_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new IncomingServer().EffectivePort());
    }

    [Fact]
    public void IncomingDefaults_EmptySpec_ImplicitTlsNoApopMailDeleted()
    {
        var incoming = new IncomingServer();

        Assert.Equal(TlsMode.Implicit, incoming.EffectiveTls());
        Assert.False(incoming.EffectiveApop());
        Assert.False(incoming.EffectiveLeaveOnServer());
        Assert.Null(incoming.MaxMessageSizeBytes());
    }

    [Theory]
    [InlineData(null, 587)]
    [InlineData("StartTls", 587)]
    [InlineData("None", 587)]
    [InlineData("Implicit", 465)]
    public void OutgoingEffectivePort_NoPort_IsSubmissionDefaultForTls(string? tls, int port)
    {
        Assert.Equal(port, new OutgoingServer { Tls = Tls(tls) }.EffectivePort());
    }

    [Fact]
    public void OutgoingDefaults_EmptySpec_StartTlsPlainWithAccountCredentials()
    {
        var outgoing = new OutgoingServer { MaxMessageSize = "10Mi" };

        Assert.Equal(TlsMode.StartTls, outgoing.EffectiveTls());
        Assert.Equal(SmtpAuthMechanism.Plain, outgoing.EffectiveMechanism());
        Assert.True(outgoing.EffectiveUseAccountCredentials());
        Assert.Equal(10_485_760L, outgoing.MaxMessageSizeBytes());
    }

    [Theory]
    [InlineData(null, 300)]
    [InlineData("90s", 90)]
    [InlineData("not a duration", 300)]
    public void EffectiveInterval_ProbeSpec_IsGivenOrFiveMinutes(string? interval, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new ProbeSpec { Interval = interval }.EffectiveInterval());
    }

    [Fact]
    public void EffectiveInterval_NoProbeSection_IsFiveMinutes()
    {
        ProbeSpec? probe = null;

        Assert.Equal(TimeSpan.FromMinutes(5), probe.EffectiveInterval());
    }

    private static TlsMode? Tls(string? name) => name is null ? null : Enum.Parse<TlsMode>(name);
}
