using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

[Collection(RealMailServers.Name)]
public sealed class DovecotImap4ProbeTests(MailServersFixture servers)
{
    private readonly MailServerTestEnvironment env = servers.Environment;

    [Theory]
    [InlineData("DOVECOT_IMAP_PORT", ProbeTlsMode.None)]
    [InlineData("DOVECOT_IMAP_PORT", ProbeTlsMode.StartTls)]
    [InlineData("DOVECOT_IMAPS_PORT", ProbeTlsMode.Implicit)]
    internal async Task ProbeIncomingAsync_DovecotWithCredentials_InboxOpenedReadOnly(string portKey, ProbeTlsMode tls)
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port(portKey), tls), new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("login succeeded (LOGIN); INBOX opened read-only, 1 message", result.Message, StringComparison.Ordinal);
        Assert.Contains("IMAP4rev1", result.Capabilities);
        Assert.Equal(tls == ProbeTlsMode.None, result.TlsProtocol is null);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_DovecotWithoutCredentials_VerifiedSayingInboxNotTested()
    {
        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_IMAP_PORT"), ProbeTlsMode.StartTls), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("INBOX not tested", result.Message, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", result.Capabilities);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_WrongCredentials_AuthenticationFailedAfterExactlyOneAttempt()
    {
        var user = ServerLog.UniqueUser();
        const string password = "not-the-password-5b1c";

        var result = await servers.CreateProber().ProbeIncomingAsync(Target(env.Port("DOVECOT_IMAPS_PORT"), ProbeTlsMode.Implicit), new(user, password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthenticationFailed, result.Reason);
        Assert.DoesNotContain(password, result.Message, StringComparison.Ordinal);
        var line = Assert.Single(await ServerLog.LinesAsync(servers.ReadDovecotLog, $"user=<{user}>"));
        Assert.Contains("imap-login", line, StringComparison.Ordinal);
        Assert.Contains("auth failed, 1 attempts", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DOVECOT_NOTLS_IMAP_PORT", ProbeTlsMode.StartTls, ProbeReason.StartTlsNotOffered, "TLS mode StartTls is configured, but the server does not offer STARTTLS (use Implicit on the IMAPS port, usually 993)")]
    [InlineData("DOVECOT_NOTLS_IMAP_LOGINDISABLED_PORT", ProbeTlsMode.None, ProbeReason.AuthMechanismNotOffered, "the server refuses the LOGIN command (LOGINDISABLED); it may allow it after TLS")]
    internal async Task ProbeIncomingAsync_DovecotWithoutTlsAndPlain_RefusedWithoutALogin(string portKey, ProbeTlsMode tls, ProbeReason expected, string message)
    {
        var user = ServerLog.UniqueUser();
        var port = env.Port(portKey);
        var connection = $"lport={port},";
        var before = ServerLog.Count(servers.ReadDovecotNoTlsLog, connection);

        var result = await servers.CreateProber().ProbeIncomingAsync(Target(port, tls), new(user, "unused-91ad"), CancellationToken.None);

        Assert.Equal(expected, result.Reason);
        Assert.Equal($"{env.Host}:{port}: {message}", result.Message);
        Assert.Null(result.TlsProtocol);
        var ended = Assert.Single(await ServerLog.LinesAfterAsync(servers.ReadDovecotNoTlsLog, connection, before));
        Assert.Contains("(no auth attempts", ended, StringComparison.Ordinal);
        Assert.DoesNotContain(user, servers.ReadDovecotNoTlsLog(), StringComparison.Ordinal);
    }

    private IncomingProbeTarget Target(int port, ProbeTlsMode tls) => new(IncomingMailProtocol.Imap4, env.Host, port, tls);
}
