using MailServerOperator.Discovery;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Discovery;

public sealed class CredentialPolicyTests
{
    [Theory]
    [InlineData(nameof(CandidateSource.Catalog), "test", "imap.provider.net", nameof(ProbeTlsMode.Implicit), true)]
    [InlineData(nameof(CandidateSource.Autoconfig), "https://autoconfig.example.com/mail/config-v1.1.xml", "imap.provider.net", nameof(ProbeTlsMode.Implicit), true)]
    [InlineData(nameof(CandidateSource.Autoconfig), "http://autoconfig.example.com/mail/config-v1.1.xml", "imap.provider.net", nameof(ProbeTlsMode.Implicit), false)]
    [InlineData(nameof(CandidateSource.Autoconfig), "http://autoconfig.example.com/mail/config-v1.1.xml", "imap.example.com", nameof(ProbeTlsMode.StartTls), true)]
    [InlineData(nameof(CandidateSource.DnsSrv), "DNS SRV", "imap.provider.net", nameof(ProbeTlsMode.Implicit), false)]
    [InlineData(nameof(CandidateSource.DnsSrv), "DNS SRV", "example.com", nameof(ProbeTlsMode.Implicit), true)]
    [InlineData(nameof(CandidateSource.Guess), "guess", "mail.example.com", nameof(ProbeTlsMode.Implicit), true)]
    [InlineData(nameof(CandidateSource.Guess), "guess", "mail.notexample.com", nameof(ProbeTlsMode.Implicit), false)]
    [InlineData(nameof(CandidateSource.Catalog), "test", "imap.example.com", nameof(ProbeTlsMode.None), false)]
    [InlineData(nameof(CandidateSource.Guess), "guess", "mail.example.com", nameof(ProbeTlsMode.None), false)]
    public void MayLogIn_SourceHostAndTls_Decide(string source, string origin, string host, string tls, bool expected)
    {
        var mode = Enum.Parse<ProbeTlsMode>(tls);
        var candidate = new ServerCandidate(ServerKind.Imap4, host, 993, mode, Enum.Parse<CandidateSource>(source), origin);

        Assert.Equal(expected, CredentialPolicy.MayLogIn(candidate, mode, "example.com"));
    }
}
