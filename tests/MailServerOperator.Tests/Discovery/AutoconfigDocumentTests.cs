using System.Text;
using MailServerOperator.Discovery;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Discovery;

public sealed class AutoconfigDocumentTests
{
    private const string Origin = "https://autoconfig.example.com/mail/config-v1.1.xml";

    [Fact]
    public void Parse_ThunderbirdDocument_GivesServersInDocumentOrder()
    {
        var result = Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <clientConfig version="1.1">
              <emailProvider id="example.com">
                <domain>example.com</domain>
                <displayName>Example Mail</displayName>
                <incomingServer type="exchange"><server>https://ews.example.com</server></incomingServer>
                <incomingServer type="pop3"><hostname>POP.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
                <incomingServer type="imap"><hostname>imap.example.com</hostname><port>143</port><socketType>STARTTLS</socketType></incomingServer>
                <outgoingServer type="smtp"><hostname>smtp.example.com.</hostname><port>587</port><socketType>plain</socketType></outgoingServer>
              </emailProvider>
            </clientConfig>
            """);

        Assert.Null(result.Failure);
        Assert.Equal("Example Mail", result.DisplayName);
        Assert.Equal(
            [
                new ServerCandidate(ServerKind.Pop3, "pop.example.com", 995, ProbeTlsMode.Implicit, CandidateSource.Autoconfig, Origin, 0),
                new ServerCandidate(ServerKind.Imap4, "imap.example.com", 143, ProbeTlsMode.StartTls, CandidateSource.Autoconfig, Origin, 1),
                new ServerCandidate(ServerKind.Smtp, "smtp.example.com", 587, ProbeTlsMode.None, CandidateSource.Autoconfig, Origin, 2),
            ],
            result.Candidates);
        Assert.Contains(result.Notes, n => n.Contains("type \"exchange\" skipped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<hostname>alice:secret@imap.example.com</hostname><port>993</port><socketType>SSL</socketType>", "must not contain user data")]
    [InlineData("<hostname>imap.example.com:993</hostname><port>993</port><socketType>SSL</socketType>", "skipped: the host name")]
    [InlineData("<hostname>imap.example.com</hostname><port>99999</port><socketType>SSL</socketType>", "is not 1..65535")]
    [InlineData("<hostname>imap.example.com</hostname><port>993</port><socketType>TLS1.0</socketType>", "is not SSL, STARTTLS or plain")]
    [InlineData("<port>993</port><socketType>SSL</socketType>", "skipped: the host name must not be empty")]
    public void Parse_UnusableServer_IsSkippedWithANote(string fields, string note)
    {
        var result = Parse($"<clientConfig><emailProvider><incomingServer type=\"imap\">{fields}</incomingServer></emailProvider></clientConfig>");

        Assert.Empty(result.Candidates);
        Assert.Contains(result.Notes, n => n.Contains(note, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><clientConfig><emailProvider><displayName>&x;</displayName></emailProvider></clientConfig>", "not a valid autoconfig document")]
    [InlineData("<clientConfig><emailProvider>", "not a valid autoconfig document")]
    [InlineData("", "not a valid autoconfig document")]
    [InlineData("<html><body/></html>", "not an autoconfig document")]
    [InlineData("<clientConfig/>", "not an autoconfig document")]
    public void Parse_HostileOrBrokenDocument_FailsWithoutResolvingAnything(string xml, string failure)
    {
        var result = Parse(xml);

        Assert.StartsWith(failure, result.Failure, StringComparison.Ordinal);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void Parse_ManyServers_KeepsTheFirstSixteen()
    {
        var servers = string.Concat(Enumerable.Range(1, 40).Select(i => $"<incomingServer type=\"imap\"><hostname>imap{i}.example.com</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"));

        var result = Parse($"<clientConfig><emailProvider>{servers}</emailProvider></clientConfig>");

        Assert.Equal(AutoconfigDocument.MaxServers, result.Candidates.Count);
    }

    private static AutoconfigResult Parse(string xml) =>
        AutoconfigDocument.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "example.com", Origin);
}
