using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

[Collection(RealMailServers.Name)]
public sealed class DovecotSubmissionProbeTests(MailServersFixture servers)
{
    private readonly MailServerTestEnvironment env = servers.Environment;

    [Theory]
    [InlineData("DOVECOT_SUBMISSION_PORT", ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain)]
    [InlineData("DOVECOT_SUBMISSION_PORT", ProbeTlsMode.StartTls, ProbeAuthMechanism.Login)]
    [InlineData("DOVECOT_SUBMISSION_PORT", ProbeTlsMode.StartTls, ProbeAuthMechanism.CramMd5)]
    [InlineData("DOVECOT_SUBMISSIONS_PORT", ProbeTlsMode.Implicit, ProbeAuthMechanism.Plain)]
    [InlineData("DOVECOT_SUBMISSION_PORT", ProbeTlsMode.None, ProbeAuthMechanism.Plain)]
    internal async Task ProbeOutgoingAsync_DovecotWithCredentials_VerifiedWithSize(string portKey, ProbeTlsMode tls, ProbeAuthMechanism mechanism)
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port(portKey), tls, mechanism, env.MaxMessageSize);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.True(result.Succeeded);
        Assert.Equal(env.MaxMessageSize, result.MaxMessageSize);
        Assert.Equal(["CRAM-MD5", "LOGIN", "PLAIN"], result.AuthMechanisms);
        Assert.Contains("SIZE", result.Capabilities);
        Assert.Contains($"login succeeded (AUTH {SmtpProbe.MechanismName(mechanism)})", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_XOAuth2NotOffered_AuthMechanismNotOffered()
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port("DOVECOT_SUBMISSION_PORT"), ProbeTlsMode.StartTls, ProbeAuthMechanism.XOAuth2);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(env.User, env.Password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthMechanismNotOffered, result.Reason);
        Assert.Contains("AUTH XOAUTH2 is configured, but the server offers only CRAM-MD5, LOGIN, PLAIN", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_RequiredSizeAboveLimit_MessageSizeLimitTooSmall()
    {
        var target = new OutgoingProbeTarget(env.Host, env.Port("DOVECOT_SUBMISSIONS_PORT"), ProbeTlsMode.Implicit, ProbeAuthMechanism.Plain, env.MaxMessageSize + 1);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, null, CancellationToken.None);

        Assert.Equal(ProbeReason.MessageSizeLimitTooSmall, result.Reason);
        Assert.Contains($"SIZE limit is 10 MiB ({env.MaxMessageSize} bytes)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_WrongCredentials_AuthenticationFailedAfterExactlyOneAttempt()
    {
        var user = ServerLog.UniqueUser();
        const string password = "not-the-password-c41d";
        var target = new OutgoingProbeTarget(env.Host, env.Port("DOVECOT_SUBMISSION_PORT"), ProbeTlsMode.StartTls, ProbeAuthMechanism.Login);

        var result = await servers.CreateProber().ProbeOutgoingAsync(target, new(user, password), CancellationToken.None);

        Assert.Equal(ProbeReason.AuthenticationFailed, result.Reason);
        Assert.DoesNotContain(password, result.Message, StringComparison.Ordinal);
        var line = Assert.Single(await ServerLog.LinesAsync(servers.ReadDovecotLog, $"user=<{user}>"));
        Assert.Contains("submission-login", line, StringComparison.Ordinal);
        Assert.Contains("auth failed, 1 attempts", line, StringComparison.Ordinal);
        Assert.Contains("method=LOGIN", line, StringComparison.Ordinal);
    }
}
