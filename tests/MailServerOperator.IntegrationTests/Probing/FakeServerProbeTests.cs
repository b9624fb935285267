using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// Probes against small in-test servers that do what real servers will not (never greet, talk nonsense, lack CAPA, UIDL
/// or INBOX, offer XOAUTH2). What a real server can be configured to do is tested against real Dovecot and Exim.
/// </summary>
public sealed class FakeServerProbeTests
{
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ends "by the deadline": the deadline plus scheduling slack on a loaded 2-core machine. The bound is the behaviour
    /// only as far as it tells the deadline from what would end the probe without it (MailKit's 10 s operation timeout,
    /// or the 30 s overall deadline of the operation-timeout test), hence this much slack.
    /// </summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(IncomingMailProtocol.Pop3, ProbeTlsMode.None)]
    [InlineData(IncomingMailProtocol.Pop3, ProbeTlsMode.Implicit)]
    [InlineData(IncomingMailProtocol.Imap4, ProbeTlsMode.StartTls)]
    [InlineData(IncomingMailProtocol.Imap4, ProbeTlsMode.Implicit)]
    internal async Task ProbeIncomingAsync_TarpitNeverGreets_TimeoutByTheDeadline(IncomingMailProtocol protocol, ProbeTlsMode tls)
    {
        await using var tarpit = FakeServer.Start(FakeConversations.Tarpit);

        var result = await Prober(ShortDeadline).ProbeIncomingAsync(new(protocol, tarpit.Host, tarpit.Port, tls), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Contains("accepted the connection but did not complete the", result.Message, StringComparison.Ordinal);
        Assert.InRange(result.Latency, ShortDeadline - TimeSpan.FromMilliseconds(100), ShortDeadline + DeadlineSlack);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_TarpitWithShortOperationTimeout_MailKitTimeoutEndsIt()
    {
        await using var tarpit = FakeServer.Start(FakeConversations.Tarpit);
        var prober = new MailServerProber(new ProbeOptions { Timeout = TimeSpan.FromSeconds(30), OperationTimeout = ShortDeadline }, TimeProvider.System);

        var result = await prober.ProbeOutgoingAsync(new(tarpit.Host, tarpit.Port, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Contains("did not complete the SMTP greeting, capabilities and STARTTLS within", result.Message, StringComparison.Ordinal);
        Assert.InRange(result.Latency, ShortDeadline - TimeSpan.FromMilliseconds(100), ShortDeadline + DeadlineSlack);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var tarpit = FakeServer.Start(FakeConversations.Tarpit);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Prober(TimeSpan.FromSeconds(30)).ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, tarpit.Host, tarpit.Port, ProbeTlsMode.None), null, cancel.Token));
    }

    [Theory]
    [InlineData("POP3")]
    [InlineData("IMAP4")]
    [InlineData("SMTP")]
    internal async Task Probe_GarbageGreeting_ProtocolError(string protocol)
    {
        await using var server = FakeServer.Start(FakeConversations.Garbage);

        var (reason, message) = await ProbeAsync(protocol, server.Port);

        Assert.Equal(ProbeReason.ProtocolError, reason);
        Assert.StartsWith($"127.0.0.1:{server.Port}: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POP3")]
    [InlineData("SMTP")]
    internal async Task Probe_ServerResetsConnection_ConnectionFailed(string protocol)
    {
        await using var server = FakeServer.Start(FakeConversations.Reset);

        var (reason, message) = await ProbeAsync(protocol, server.Port);

        Assert.Equal(ProbeReason.ConnectionFailed, reason);
        Assert.Contains("reset the connection", message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_NothingListens_ConnectionRefused()
    {
        var port = LoopbackPorts.Free();

        var result = await Prober(ShortDeadline).ProbeIncomingAsync(new(IncomingMailProtocol.Imap4, "127.0.0.1", port, ProbeTlsMode.None), null, CancellationToken.None);

        Assert.Equal(ProbeReason.ConnectionRefused, result.Reason);
        Assert.Equal($"127.0.0.1:{port}: the connection was refused: nothing listens on this port (check host, port and firewall)", result.Message);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_HostDoesNotResolve_DnsFailure()
    {
        var result = await Prober(TimeSpan.FromSeconds(10)).ProbeOutgoingAsync(new("no-such-host.invalid", 587, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain), null, CancellationToken.None);

        Assert.Equal(ProbeReason.DnsFailure, result.Reason);
        Assert.StartsWith("no-such-host.invalid:587: ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_Pop3WithoutCapaOrUidl_UidlNotSupportedAfterOneLogin()
    {
        var pop3 = new FakePop3Conversation(capa: false, uidl: false);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.UidlNotSupported, result.Reason);
        Assert.Equal($"127.0.0.1:{server.Port}: the server does not support UIDL, which the mail-sharing option requires (the UIDL command fails)", result.Message);
        Assert.Equal(2, pop3.LoginCommands); // USER and PASS: one login
    }

    [Fact]
    internal async Task ProbeIncomingAsync_Pop3CapaWithoutUidlNoCredentials_UidlNotSupported()
    {
        var pop3 = new FakePop3Conversation(capa: true, uidl: false);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port), null, CancellationToken.None);

        Assert.Equal(ProbeReason.UidlNotSupported, result.Reason);
        Assert.Contains("its CAPA list does not include UIDL", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, pop3.LoginCommands);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    internal async Task ProbeIncomingAsync_Pop3WithoutCapaButWithUidl_UidlCommandDecidesVerified(int messages)
    {
        var pop3 = new FakePop3Conversation(capa: false, uidl: true, messages: messages);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("UIDL", result.Capabilities);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_Pop3WithoutCapaNoCredentials_VerifiedSayingUidlNotChecked()
    {
        var pop3 = new FakePop3Conversation(capa: false, uidl: false);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("UIDL not checked: the server does not answer CAPA", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakePop3Conversation.Password, ProbeReason.Verified)]
    [InlineData("wrong", ProbeReason.AuthenticationFailed)]
    internal async Task ProbeIncomingAsync_Pop3Apop_ExactlyOneApopCommandNoFallback(string password, ProbeReason expected)
    {
        var pop3 = new FakePop3Conversation(capa: false, uidl: true, apopTimestamp: true);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port, apop: true), new(FakePop3Conversation.User, password), CancellationToken.None);

        Assert.Equal(expected, result.Reason);
        Assert.Equal(1, pop3.LoginCommands);
        Assert.DoesNotContain(password, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_Pop3ApopWithoutTimestamp_ApopNotOffered()
    {
        var pop3 = new FakePop3Conversation(capa: true, uidl: true, apopTimestamp: false);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(Pop3Target(server.Port, apop: true), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.ApopNotOffered, result.Reason);
        Assert.Equal(0, pop3.LoginCommands);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_ImapAccountWithoutInbox_InboxUnavailable()
    {
        var imap = new FakeImapConversation(inbox: false);
        await using var server = FakeServer.Start(imap.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(ImapTarget(server.Port), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.InboxUnavailable, result.Reason);
        Assert.Equal($"127.0.0.1:{server.Port}: INBOX could not be opened read-only after the login: the server answered NO", result.Message);
        Assert.Equal(1, imap.LoginCommands);
    }

    [Fact]
    internal async Task ProbeIncomingAsync_ImapWithInbox_VerifiedWithMessageCount()
    {
        var imap = new FakeImapConversation();
        await using var server = FakeServer.Start(imap.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeIncomingAsync(ImapTarget(server.Port), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.EndsWith("INBOX opened read-only, 2 messages)", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, imap.LoginCommands);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_SmtpSizeBelowRequired_MessageSizeLimitTooSmall()
    {
        var smtp = new FakeSmtpConversation(startTls: false, size: 5 << 20, "PLAIN");
        await using var server = FakeServer.Start(smtp.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeOutgoingAsync(new(server.Host, server.Port, ProbeTlsMode.None, ProbeAuthMechanism.Plain, 10 << 20), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.MessageSizeLimitTooSmall, result.Reason);
        Assert.Equal(5 << 20, result.MaxMessageSize);
        Assert.Contains("the server's SIZE limit is 5 MiB (5242880 bytes), less than the required 10 MiB (10485760 bytes)", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, smtp.AuthCommands);
    }

    [Fact]
    internal async Task ProbeOutgoingAsync_SmtpXOAuth2Offered_VerifiedWithoutLogin()
    {
        var smtp = new FakeSmtpConversation(startTls: false, size: null, "XOAUTH2");
        await using var server = FakeServer.Start(smtp.RunAsync);

        var result = await Prober(ShortDeadline * 5).ProbeOutgoingAsync(new(server.Host, server.Port, ProbeTlsMode.None, ProbeAuthMechanism.XOAuth2, 10 << 20), Carol, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Contains("login not tested (XOAUTH2 needs an OAuth token", result.Message, StringComparison.Ordinal);
        Assert.Contains("no SIZE limit announced, so the required size could not be checked", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, smtp.AuthCommands);
    }

    internal static MailServerProber Prober(TimeSpan timeout) => new(new ProbeOptions { Timeout = timeout }, TimeProvider.System);

    private static ProbeCredentials Carol => new(FakePop3Conversation.User, FakePop3Conversation.Password);

    private static IncomingProbeTarget Pop3Target(int port, ProbeTlsMode tls = ProbeTlsMode.None, bool apop = false) =>
        new(IncomingMailProtocol.Pop3, "127.0.0.1", port, tls, apop);

    private static IncomingProbeTarget ImapTarget(int port, ProbeTlsMode tls = ProbeTlsMode.None) =>
        new(IncomingMailProtocol.Imap4, "127.0.0.1", port, tls);

    private static async Task<(ProbeReason Reason, string Message)> ProbeAsync(string protocol, int port)
    {
        var prober = Prober(TimeSpan.FromSeconds(5));
        if (protocol == "SMTP")
        {
            var outgoing = await prober.ProbeOutgoingAsync(new("127.0.0.1", port, ProbeTlsMode.None, ProbeAuthMechanism.None), null, CancellationToken.None);
            return (outgoing.Reason, outgoing.Message);
        }

        var incoming = await prober.ProbeIncomingAsync(
            new(protocol == "POP3" ? IncomingMailProtocol.Pop3 : IncomingMailProtocol.Imap4, "127.0.0.1", port, ProbeTlsMode.None), null, CancellationToken.None);
        return (incoming.Reason, incoming.Message);
    }
}
