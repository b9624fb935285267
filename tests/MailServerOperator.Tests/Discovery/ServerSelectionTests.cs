using MailServerOperator.Discovery;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Discovery;

public sealed class ServerSelectionTests
{
    [Fact]
    public void Offer_WithinASource_ImplicitBeforeStartTlsBeforePlainText()
    {
        var selection = new ServerSelection(null);

        selection.Offer([Verified(ServerKind.Imap4, ProbeTlsMode.None, rank: 0), Verified(ServerKind.Imap4, ProbeTlsMode.StartTls, rank: 1), Verified(ServerKind.Imap4, ProbeTlsMode.Implicit, rank: 2)]);

        Assert.Equal(ProbeTlsMode.Implicit, selection.Incoming!.Tls);
    }

    [Fact]
    public void Offer_SameTls_SourceOrderThenImap4()
    {
        var selection = new ServerSelection(null);

        selection.Offer([Verified(ServerKind.Pop3, ProbeTlsMode.Implicit, rank: 5), Verified(ServerKind.Imap4, ProbeTlsMode.Implicit, rank: 5), Verified(ServerKind.Pop3, ProbeTlsMode.Implicit, rank: 9)]);

        Assert.Equal(ServerKind.Imap4, selection.Incoming!.Candidate.Kind);
        Assert.Equal(5, selection.Incoming.Candidate.Rank);
    }

    [Fact]
    public void Offer_LaterSource_ReplacesOnlyPlainText()
    {
        var selection = new ServerSelection(null);
        selection.Offer([Verified(ServerKind.Pop3, ProbeTlsMode.None), Verified(ServerKind.Smtp, ProbeTlsMode.StartTls)]);
        Assert.False(selection.Done);
        Assert.True(selection.NeedsIncoming);
        Assert.False(selection.NeedsOutgoing);

        selection.Offer([Verified(ServerKind.Pop3, ProbeTlsMode.Implicit, "later"), Verified(ServerKind.Smtp, ProbeTlsMode.Implicit, "later")]);

        Assert.Equal("later", selection.Incoming!.Candidate.Host);
        Assert.NotEqual("later", selection.Outgoing!.Candidate.Host);
        Assert.True(selection.Done);
    }

    [Fact]
    public void Offer_PlainTextOnly_IsKeptWhenNothingBetterComes()
    {
        var selection = new ServerSelection(null);
        selection.Offer([Verified(ServerKind.Pop3, ProbeTlsMode.None)]);

        selection.Offer([]);

        Assert.Equal(ProbeTlsMode.None, selection.Incoming!.Tls);
    }

    [Fact]
    public void Wants_ProtocolAsked_OnlyThatIncomingProtocol()
    {
        var selection = new ServerSelection(ServerKind.Pop3);

        Assert.True(selection.Wants(Candidate(ServerKind.Pop3, ProbeTlsMode.Implicit)));
        Assert.False(selection.Wants(Candidate(ServerKind.Imap4, ProbeTlsMode.Implicit)));
        Assert.True(selection.Wants(Candidate(ServerKind.Smtp, ProbeTlsMode.Implicit)));
        selection.Offer([Verified(ServerKind.Imap4, ProbeTlsMode.Implicit)]);
        Assert.Null(selection.Incoming);
    }

    private static ServerCandidate Candidate(ServerKind kind, ProbeTlsMode tls, string host = "mail.example.com", int rank = 0) =>
        new(kind, host, 1, tls, CandidateSource.Guess, "test", rank);

    private static VerifiedServer Verified(ServerKind kind, ProbeTlsMode tls, string host = "mail.example.com", int rank = 0) =>
        new(Candidate(kind, tls, host, rank), tls, true, "verified", []);
}
