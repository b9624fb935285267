using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

[Collection(RealMailServers.Name)]
public sealed class EximProbeTests(MailServersFixture servers)
{
    private readonly MailServerTestEnvironment env = servers.Environment;

    [Theory]
    [InlineData("EXIM_SMTP_PORT", ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain)]
    [InlineData("EXIM_SMTP_PORT", ProbeTlsMode.StartTls, ProbeAuthMechanism.Login)]
    [InlineData("EXIM_SMTPS_PORT", ProbeTlsMode.Implicit, ProbeAuthMechanism.Plain)]
    [InlineData("EXIM_SMTPS_PORT", ProbeTlsMode.Implicit, ProbeAuthMechanism.Login)]
    internal async Task ProbeOutgoingAsync_EximWithCredentials_Verified(string portKey, ProbeTlsMode tls, ProbeAuthMechanism mechanism)
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port(portKey), tls, mechanism, env.MaxMessageSize);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal(env.MaxMessageSize, result.MaxMessageSize);
        Assert.Equal(["LOGIN", "PLAIN"], result.AuthMechanisms);
        Assert.StartsWith("TLSv1.", result.TlsProtocol, StringComparison.Ordinal);
        Assert.Equal("CN=localhost", result.CertificateSubject);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_CramMd5NotOffered_AuthMechanismNotOffered()
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port("EXIM_SMTPS_PORT"), ProbeTlsMode.Implicit, ProbeAuthMechanism.CramMd5);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthMechanismNotOffered, result.Reason);
        Assert.Contains("AUTH CRAM-MD5 is configured, but the server offers only LOGIN, PLAIN", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_RequiredSizeTwiceTheLimit_MessageSizeLimitTooSmall()
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port("EXIM_SMTP_PORT"), ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain, 2 * env.MaxMessageSize);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.MessageSizeLimitTooSmall, result.Reason);
        Assert.Contains("less than the required 20 MiB (20971520 bytes)", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProbeAuthMechanism.Plain, "plain_server")]
    [InlineData(ProbeAuthMechanism.Login, "login_server")]
    internal async Task ProbeOutgoingAsync_WrongCredentials_AuthenticationFailedAfterExactlyOneAttempt(ProbeAuthMechanism mechanism, string authenticator)
    {
        var user = ServerLog.UniqueUser();
        const string password = "not-the-password-0e9b";
        var target = new OutgoingProbeTarget(env.Host, env.Port("EXIM_SMTP_PORT"), ProbeTlsMode.StartTls, mechanism);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(user, password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthenticationFailed, result.Reason);
        Assert.DoesNotContain(password, result.Message, StringComparison.Ordinal);
        var line = Assert.Single(await ServerLog.LinesAsync(servers.ReadEximLog, $"set_id={user}"));
        Assert.Contains($"{authenticator} authenticator failed", line, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_MechanismNone_VerifiedWithoutLogin()
    {
        var user = ServerLog.UniqueUser();
        var ehlo = ServerLog.UniqueEhloName();
        var target = new OutgoingProbeTarget(env.Host, env.Port("EXIM_SMTP_PORT"), ProbeTlsMode.StartTls, ProbeAuthMechanism.None);

        var result = await servers.CreateProber(localDomain: ehlo).ProbeOutgoingAsync(target, new(user, "unused"), CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("no SMTP AUTH configured", result.Message, StringComparison.Ordinal);
        await ConnectionEndedAsync(ehlo);
        Assert.DoesNotContain(user, servers.ReadEximLog(), StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_LocalDomainConfigured_EximLogsItAsTheEhloName()
    {
        var ehlo = ServerLog.UniqueEhloName();
        var port = env.Port("EXIM_SMTP_PORT");
        var target = new OutgoingProbeTarget(env.Host, port, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain);

        var result = await servers.CreateProber(localDomain: ehlo).ProbeOutgoingAsync(target, null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains($"I=[{env.Host}]:{port} ", await ConnectionEndedAsync(ehlo), StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_StartTlsOnEximWithoutIt_StartTlsNotOfferedAndNoAuth()
    {
        var user = ServerLog.UniqueUser();
        var ehlo = ServerLog.UniqueEhloName();
        var port = env.Port("EXIM_NOTLS_PORT");
        var target = new OutgoingProbeTarget(env.Host, port, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain);

        var result = await servers.CreateProber(localDomain: ehlo).ProbeOutgoingAsync(target, new(user, "unused-77c0"), CancellationToken.None);

        Assert.Equal(ProbeReason.StartTlsNotOffered, result.Reason);
        Assert.Equal($"{env.Host}:{port}: TLS mode StartTls is configured, but the server does not offer STARTTLS (use Implicit on the submissions port, usually 465)", result.Message);
        Assert.Null(result.TlsProtocol);
        await ConnectionEndedAsync(ehlo);
        Assert.DoesNotContain(user, servers.ReadEximLog(), StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_EximWithoutAuth_AuthMechanismNotOffered()
    {
        var port = env.Port("EXIM_NOAUTH_PORT");
        var target = new OutgoingProbeTarget(env.Host, port, ProbeTlsMode.StartTls, ProbeAuthMechanism.Login);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthMechanismNotOffered, result.Reason);
        Assert.Contains("the server offers no SMTP AUTH", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("TLS", result.TlsProtocol, StringComparison.Ordinal);
        Assert.Empty(result.AuthMechanisms);
    }

    /// <summary>Exim's last line of the probe's connection ("closed by QUIT", or "lost"), the one that names the EHLO name.</summary>
    private async Task<string> ConnectionEndedAsync(string ehlo) =>
        Assert.Single(await ServerLog.LinesAsync(servers.ReadEximLog, $"SMTP connection from ({ehlo}) "));
}
