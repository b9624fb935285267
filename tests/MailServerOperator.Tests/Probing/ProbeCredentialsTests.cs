using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeCredentialsTests
{
    [Fact]
    internal void ToString_Always_ShowsUserButNeverPassword()
    {
        var text = new ProbeCredentials("alice", "s3cr3t-pw").ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", text, StringComparison.Ordinal);
    }

    [Fact]
    internal void ApopOnlyCredentials_ApopRequested_ReturnsTheCredential()
    {
        var credential = new ApopOnlyCredentials(new("alice", "pw")).GetCredential(new Uri("pop://mail.test"), "APOP");

        Assert.Equal(("alice", "pw"), (credential.UserName, credential.Password));
    }

    [Theory]
    [InlineData("DEFAULT")]
    [InlineData("PLAIN")]
    [InlineData("CRAM-MD5")]
    internal void ApopOnlyCredentials_AnyOtherMethod_RefusesTheFallback(string authType)
    {
        var credentials = new ApopOnlyCredentials(new("alice", "pw"));

        Assert.Throws<LoginFallbackRefusedException>(() => credentials.GetCredential(new Uri("pop://mail.test"), authType));
    }
}
