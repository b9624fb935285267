using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

[Collection(RealMailServers.Name)]
public sealed class DovecotPop3ProbeTests(MailServersFixture servers)
{
    private readonly MailServerTestEnvironment env = servers.Environment;

    private ProbeCredentials Alice => new(env.User, env.Password);

    [Theory]
    [InlineData("DOVECOT_POP3_PORT", ProbeTlsMode.None, false)]
    [InlineData("DOVECOT_POP3_PORT", ProbeTlsMode.StartTls, false)]
    [InlineData("DOVECOT_POP3S_PORT", ProbeTlsMode.Implicit, false)]
    [InlineData("DOVECOT_POP3_PORT", ProbeTlsMode.StartTls, true)]
    [InlineData("DOVECOT_POP3S_PORT", ProbeTlsMode.Implicit, true)]
    internal async Task ProbeIncomingAsync_DovecotWithCredentials_VerifiedWithUidl(string portKey, ProbeTlsMode tls, bool apop)
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port(portKey), tls, apop), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.True(result.Succeeded);
        Assert.Contains("UIDL", result.Capabilities);
        Assert.Contains(apop ? "login succeeded (APOP)" : "login succeeded (USER/PASS)", result.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{env.Host}:{env.Port(portKey)}: POP3 verified", result.Message, StringComparison.Ordinal);
        Assert.True(result.Latency > TimeSpan.Zero);
        if (tls == ProbeTlsMode.None)
        {
            Assert.Null(result.TlsProtocol);
            Assert.Null(result.CertificateSubject);
        }
        else
        {
            Assert.StartsWith("TLSv1.", result.TlsProtocol, StringComparison.Ordinal);
            Assert.Equal("CN=localhost", result.CertificateSubject);
            Assert.True(result.CertificateExpiresAt > DateTimeOffset.UtcNow);
        }
    }

    [Fact]
    internal async Task ProbeIncomingAsync_DovecotWithoutCredentials_VerifiedFromCapa()
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3_PORT"), ProbeTlsMode.StartTls), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("UIDL supported; login not tested (no credentials)", result.Message, StringComparison.Ordinal);
        Assert.Equal(["CRAM-MD5", "LOGIN", "PLAIN"], result.AuthMechanisms);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_ApopLogin_DovecotLogsOneApopLogin()
    {
        var before = await ApopLoginsAsync();

        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3_PORT"), ProbeTlsMode.StartTls, apop: true), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("APOP", result.Capabilities);
        var after = await ApopLoginsAsync();
        Assert.Equal(before + 1, after);
    }

    [Theory]
    [InlineData(false, "method=PLAIN")]
    [InlineData(true, "method=APOP")]
    internal async Task ProbeIncomingAsync_WrongCredentials_AuthenticationFailedAfterExactlyOneAttempt(bool apop, string method)
    {
        var user = ServerLog.UniqueUser();
        const string password = "not-the-password-7f3a";

        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3_PORT"), ProbeTlsMode.StartTls, apop), new(user, password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthenticationFailed, result.Reason);
        Assert.DoesNotContain(password, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.ToString(), StringComparison.Ordinal);
        var lines = await ServerLog.LinesAsync(servers.ReadDovecotLog, $"user=<{user}>");
        var line = Assert.Single(lines);
        Assert.Contains("auth failed, 1 attempts", line, StringComparison.Ordinal);
        Assert.Contains(method, line, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_ApopOnDovecotWithoutApop_ApopNotOffered()
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_NOAPOP_POP3_PORT"), ProbeTlsMode.StartTls, apop: true), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.ApopNotOffered, result.Reason);
        Assert.Contains("no APOP timestamp", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("APOP", result.Capabilities);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_DovecotWithoutApopAndApopOff_Verified()
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_NOAPOP_POP3S_PORT"), ProbeTlsMode.Implicit), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_ImplicitTlsOnPlainTextPort_TlsHandshakeFailed()
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3_PORT"), ProbeTlsMode.Implicit), null, CancellationToken.None);

        Assert.Equal(ProbeReason.TlsHandshakeFailed, result.Reason);
        Assert.Contains("does this port speak implicit TLS?", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_SelfSignedCertificateNotInBundle_CertificateInvalid()
    {
        var prober = new MailServerProber(new ProbeOptions(), TimeProvider.System);

        var result = await prober.ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3S_PORT"), ProbeTlsMode.Implicit), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.Contains("it is issued by an authority that neither the system roots nor the probe's CA bundle trust", result.Message, StringComparison.Ordinal);
        Assert.Equal("CN=localhost", result.CertificateSubject);
        Assert.NotNull(result.CertificateExpiresAt);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_CertificateInCaBundleFile_Verified()
    {
        var prober = new MailServerProber(
            new ProbeOptions { CaBundlePath = Path.Combine(servers.DovecotDirectory, "certs", "server.crt") },
            TimeProvider.System);

        var result = await prober.ProbeIncomingAsync(Target(env.Port("DOVECOT_POP3S_PORT"), ProbeTlsMode.Implicit), Alice, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
    }

    private IncomingProbeTarget Target(int port, ProbeTlsMode tls, bool apop = false) =>
        new(IncomingMailProtocol.Pop3, env.Host, port, tls, apop);

    private async Task<int> ApopLoginsAsync()
    {
        await Task.Delay(100);
        return servers.ReadDovecotLog().Split('\n').Count(line => line.Contains("pop3-login: Info: Login:", StringComparison.Ordinal) && line.Contains("method=APOP", StringComparison.Ordinal));
    }
}
