using MailServerOperator.Discovery;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Discovery;

public sealed class GuessedCandidatesTests
{
    [Fact]
    public void For_DomainAndMx_CommonNamesThenMxHostThenMxDomain()
    {
        var guesses = GuessedCandidates.For("example.com", ["mx1.provider.net"], []);

        var hosts = guesses.Select(g => g.Host).Distinct().ToList();
        Assert.Equal(["imap.example.com", "pop.example.com", "pop3.example.com", "mail.example.com", "smtp.example.com", "mx1.provider.net", "imap.provider.net"], hosts.Take(7));
        Assert.Contains(guesses, g => g is { Host: "imap.example.com", Port: 993, Tls: ProbeTlsMode.Implicit });
        Assert.Contains(guesses, g => g is { Host: "pop.example.com", Port: 110, Tls: ProbeTlsMode.StartTls });
        Assert.Contains(guesses, g => g is { Host: "smtp.example.com", Port: 587, Tls: ProbeTlsMode.StartTls });
        Assert.All(guesses, g => Assert.Equal(CandidateSource.Guess, g.Source));
        Assert.Equal(guesses.Count, guesses.Select(g => g.Rank).Distinct().Count());
    }

    [Fact]
    public void For_ServiceSrvDeclaresNotOffered_IsNotGuessed()
    {
        var notOffered = SrvService.All.Where(s => s.Label is "_pop3s._tcp" or "_pop3._tcp" or "_submissions._tcp").ToList();

        var guesses = GuessedCandidates.For("example.com", [], notOffered);

        Assert.DoesNotContain(guesses, g => g.Kind == ServerKind.Pop3);
        Assert.DoesNotContain(guesses, g => g is { Kind: ServerKind.Smtp, Tls: ProbeTlsMode.Implicit });
        Assert.Contains(guesses, g => g is { Kind: ServerKind.Smtp, Tls: ProbeTlsMode.StartTls });
    }
}
