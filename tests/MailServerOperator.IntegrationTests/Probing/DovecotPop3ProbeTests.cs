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
        // An account only this test logs in with: every login line of it is this probe's.
        var user = env["MAILTEST_LOGGED_USER"];

        var result = await servers.CreateProber().ProbeIncomingAsync(
            Target(env.Port("DOVECOT_POP3_PORT"), ProbeTlsMode.StartTls, apop: true), new(user, env["MAILTEST_LOGGED_PASSWORD"]), CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("APOP", result.Capabilities);
        // The session's last line (pop3 logs it after the login line) ends the wait.
        Assert.Single(await ServerLog.LinesAsync(servers.ReadDovecotLog, $"pop3({user})"), line => line.Contains("Disconnected", StringComparison.Ordinal));
        var login = Assert.Single(LoginLines(user));
        Assert.Contains("method=APOP", login, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_StartTlsOnDovecotWithoutTls_StartTlsNotOfferedAndNoLogin()
    {
        var user = ServerLog.UniqueUser();
        var port = env.Port("DOVECOT_NOTLS_POP3_PORT");
        var connection = $"lport={port},";
        var before = ServerLog.Count(servers.ReadDovecotNoTlsLog, connection);

        var result = await servers.CreateProber().ProbeIncomingAsync(Target(port, ProbeTlsMode.StartTls), new(user, "unused-5e2b"), CancellationToken.None);

        Assert.Equal(ProbeReason.StartTlsNotOffered, result.Reason);
        Assert.Equal($"{env.Host}:{port}: TLS mode StartTls is configured, but the server does not offer STLS (use Implicit on the POP3S port, usually 995)", result.Message);
        Assert.Null(result.TlsProtocol);
        var ended = Assert.Single(await ServerLog.LinesAfterAsync(servers.ReadDovecotNoTlsLog, connection, before));
        Assert.Contains("(no auth attempts", ended, StringComparison.Ordinal);
        Assert.DoesNotContain(user, servers.ReadDovecotNoTlsLog(), StringComparison.Ordinal);
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

    private List<string> LoginLines(string user) =>
        [.. servers.ReadDovecotLog().Split('\n').Where(line => line.Contains("pop3-login: Info: Login:", StringComparison.Ordinal) && line.Contains($"user=<{user}>", StringComparison.Ordinal))];
}
