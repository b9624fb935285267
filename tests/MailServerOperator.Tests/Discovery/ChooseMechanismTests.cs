using MailServerOperator.Discovery;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Discovery;

public sealed class ChooseMechanismTests
{
    [Theory]
    [InlineData("CRAM-MD5,LOGIN,PLAIN", nameof(ProbeAuthMechanism.Plain))]
    [InlineData("plain", nameof(ProbeAuthMechanism.Plain))]
    [InlineData("LOGIN,CRAM-MD5", nameof(ProbeAuthMechanism.Login))]
    [InlineData("SCRAM-SHA-256,CRAM-MD5", nameof(ProbeAuthMechanism.CramMd5))]
    [InlineData("XOAUTH2,OAUTHBEARER", nameof(ProbeAuthMechanism.XOAuth2))]
    [InlineData("GSSAPI", nameof(ProbeAuthMechanism.None))]
    [InlineData("", nameof(ProbeAuthMechanism.None))]
    public void ChooseMechanism_Offered_PlainFirst(string offered, string expected) =>
        Assert.Equal(Enum.Parse<ProbeAuthMechanism>(expected), CandidateVerifier.ChooseMechanism(offered.Split(',', StringSplitOptions.RemoveEmptyEntries)));
}
