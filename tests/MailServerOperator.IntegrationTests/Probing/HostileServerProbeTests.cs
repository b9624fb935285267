using System.Diagnostics;
using MailServerOperator.Probing;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// Probes against servers that attack the prober: floods, trickles, malformed capabilities, STARTTLS games. Each
/// probe ends by its deadline with the reason that names what the server did, nothing the server wrote reaches the
/// result, no login is sent on a connection that should have been abandoned, and other servers are verified meanwhile.
/// </summary>
public sealed class HostileServerProbeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(4);

    /// <summary>Scheduling slack on a loaded 2-core machine; without the deadline these probes would run for minutes or forever.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private static readonly string[] Marks = ["xxxxxxxx", "<script>", "\u001b", "SSH-2.0", "hunter2", "pwned"];

    public static TheoryData<string> Protocols => new() { "POP3", "IMAP4", "SMTP" };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Probe_OneMegabyteBanner_ProtocolErrorAfterAQuarterMegabyte(string protocol)
    {
        var banner = new HostileConversation(Greeting(protocol) + new string('x', 1 << 20) + "\r\n", _ => ["+OK"]);
        await using var server = FakeServer.Start(banner.RunAsync);

        var result = await ProbeAsync(protocol, server.Port, ProbeTlsMode.None);

        Assert.Equal(ProbeReason.ProtocolError, result.Reason);
        Assert.Contains($"the server sent more than 256 KiB (262144 bytes) during the {protocol} greeting", result.Message, StringComparison.Ordinal);
        AssertEndsByTheDeadline(result);
        AssertNothingOfTheServer(result);
    }

    [Fact]
    public async Task ProbeIncoming_OneMegabyteBannerOverTls_ProtocolErrorAfterAQuarterMegabyte()
    {
        using var certificate = TestCertificates.CreateServer(authority: null);
        var banner = new HostileConversation("+OK " + new string('x', 1 << 20) + "\r\n", _ => ["+OK"]);
        await using var server = FakeServer.Start(banner.RunAsync, certificate);
        var prober = new MailServerProber(new ProbeOptions { Timeout = Deadline, ExtraTrustedCertificates = [certificate] }, TimeProvider.System);

        var result = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, server.Host, server.Port, ProbeTlsMode.Implicit), null, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.ProtocolError, result.Reason);
        Assert.Contains("the server sent more than 256 KiB (262144 bytes) during the POP3 greeting", result.Message, StringComparison.Ordinal);
        AssertEndsByTheDeadline(result.Latency, result.Message);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Probe_OneBytePerSecond_TimeoutAtTheDeadline(string protocol)
    {
        var greeting = Greeting(protocol) + "slow\r\n";
        await using var server = FakeServer.Start((connection, token) => HostileConversation.TrickleAsync(greeting, connection, token));

        var result = await ProbeAsync(protocol, server.Port, ProbeTlsMode.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Contains("accepted the connection but did not complete the", result.Message, StringComparison.Ordinal);
        Assert.True(result.Latency >= Deadline - TimeSpan.FromMilliseconds(100), $"ended at {result.Latency}, before the deadline: each byte came within the per-step timeout");
        AssertEndsByTheDeadline(result);
    }

    [Fact]
    public async Task ProbeOutgoing_EhloWithGarbageExtensions_VerifiedWithOnlyKnownNames()
    {
        var smtp = new HostileConversation("220 fake.test ESMTP\r\n", line => HostileConversation.Verb(line) switch
        {
            "EHLO" => ["250-fake.test", "250-SIZE notanumber", "250-AUTH PLAIN <script>alert(1)</script> \u001b]0;pwned\u0007", "250-X-BANNER SSH-2.0-OpenSSH_9.2", "250-\u0001\u0002\u0003", "250 8BITMIME"],
            "QUIT" => ["221 bye"],
            _ => ["502 no"],
        });
        await using var server = FakeServer.Start(smtp.RunAsync);

        var result = await Prober().ProbeOutgoingAsync(new(server.Host, server.Port, ProbeTlsMode.None, ProbeAuthMechanism.Plain), null, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal(["PLAIN"], result.AuthMechanisms);
        Assert.Null(result.MaxMessageSize);
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);
    }

    [Fact]
    public async Task ProbeOutgoing_EhloReplyWithoutCodes_ProtocolError()
    {
        var smtp = new HostileConversation("220 fake.test ESMTP\r\n", line => HostileConversation.Verb(line) switch
        {
            "EHLO" or "HELO" => ["250-fake.test", "SSH-2.0-OpenSSH_9.2 pwned"],
            _ => ["502 no"],
        });
        await using var server = FakeServer.Start(smtp.RunAsync);

        var result = await Prober().ProbeOutgoingAsync(new(server.Host, server.Port, ProbeTlsMode.None, ProbeAuthMechanism.Plain), null, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.ProtocolError, result.Reason);
        Assert.Empty(smtp.Logins);
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);
    }

    [Fact]
    public async Task ProbeIncoming_Pop3CapaWithGarbage_VerifiedWithOnlyKnownNames()
    {
        var pop3 = new HostileConversation("+OK ready\r\n", line => HostileConversation.Verb(line) switch
        {
            "CAPA" => ["+OK", "UIDL", "SASL PLAIN <script> \u001b[2J pwned", "X-\u0001\u0002", "SSH-2.0-OpenSSH_9.2", "."],
            "QUIT" => ["+OK bye"],
            _ => ["-ERR no"],
        });
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober().ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, server.Host, server.Port, ProbeTlsMode.None), null, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal(["PLAIN"], result.AuthMechanisms);
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);
    }

    [Fact]
    public async Task ProbeIncoming_Pop3CapaNeverEnds_TimeoutAtTheDeadline()
    {
        var pop3 = new HostileConversation("+OK ready\r\n", line => HostileConversation.Verb(line) == "CAPA" ? ["+OK", "UIDL"] : ["-ERR no"]);
        await using var server = FakeServer.Start(pop3.RunAsync);

        var result = await Prober().ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, server.Host, server.Port, ProbeTlsMode.None), Account, CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        AssertEndsByTheDeadline(result.Latency, result.Message);
        Assert.Empty(pop3.Logins);
    }

    [Fact]
    public async Task ProbeIncoming_ImapCapabilitiesWithGarbage_VerifiedWithOnlyKnownNames()
    {
        var imap = new HostileConversation("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=<script> X-pwned] ready\r\n", line => HostileConversation.Verb(line) switch
        {
            "LOGOUT" => ["* BYE", $"{HostileConversation.Tag(line)} OK bye"],
            _ => [$"{HostileConversation.Tag(line)} BAD no"],
        });
        await using var server = FakeServer.Start(imap.RunAsync);

        var result = await Prober().ProbeIncomingAsync(new(IncomingMailProtocol.Imap4, server.Host, server.Port, ProbeTlsMode.None), null, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal(["PLAIN"], result.AuthMechanisms);
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);
    }

    [Fact]
    public async Task ProbeIncoming_ImapGreetingMalformed_ProtocolError()
    {
        var imap = new HostileConversation("* OK [CAPABILITY IMAP4rev1 (((( SSH-2.0 pwned\r\n", line => [$"{HostileConversation.Tag(line)} BAD no"]);
        await using var server = FakeServer.Start(imap.RunAsync);

        var result = await Prober().ProbeIncomingAsync(new(IncomingMailProtocol.Imap4, server.Host, server.Port, ProbeTlsMode.None), Account, CancellationToken.None);
        Report(result.Reason, result.Message, result.Latency);

        Assert.Equal(ProbeReason.ProtocolError, result.Reason);
        Assert.Empty(imap.Logins);
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Probe_StartTlsOfferedThenRefused_TlsHandshakeFailedAndNoLogin(string protocol)
    {
        var server = StartTlsServer(protocol, offer: true, accept: false);
        await using var listener = FakeServer.Start(server.RunAsync);

        var result = await ProbeAsync(protocol, listener.Port, ProbeTlsMode.StartTls, Account);

        Assert.Equal(ProbeReason.TlsHandshakeFailed, result.Reason);
        Assert.Contains($"the server offers {(protocol == "POP3" ? "STLS" : "STARTTLS")} but refused it", result.Message, StringComparison.Ordinal);
        Assert.Contains("the probe does not continue without TLS", result.Message, StringComparison.Ordinal);
        Assert.Null(result.TlsProtocol);
        Assert.Empty(server.Logins);
        AssertEndsByTheDeadline(result);
        AssertNothingOfTheServer(result);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Probe_StartTlsStripped_StartTlsNotOfferedAndNothingSentInClearText(string protocol)
    {
        var server = StartTlsServer(protocol, offer: false, accept: true);
        await using var listener = FakeServer.Start(server.RunAsync);

        var result = await ProbeAsync(protocol, listener.Port, ProbeTlsMode.StartTls, Account);

        Assert.Equal(ProbeReason.StartTlsNotOffered, result.Reason);
        Assert.Null(result.TlsProtocol);
        Assert.Empty(server.Logins);
        Assert.DoesNotContain(server.Commands, command => command.Contains(Account.Password, StringComparison.Ordinal) || command.Contains(Account.Username, StringComparison.Ordinal));
        AssertEndsByTheDeadline(result);
    }

    [Fact]
    public async Task Probe_HostileServersRunning_OtherServersVerifiedMeanwhile()
    {
        var hostile = new List<FakeServer>
        {
            FakeServer.Start(new HostileConversation("+OK " + new string('x', 1 << 20) + "\r\n", _ => ["+OK"]).RunAsync),
            FakeServer.Start((connection, token) => HostileConversation.TrickleAsync("+OK slow\r\n", connection, token)),
            FakeServer.Start((connection, token) => HostileConversation.TrickleAsync("* OK slow\r\n", connection, token)),
            FakeServer.Start((connection, token) => HostileConversation.TrickleAsync("220 slow\r\n", connection, token)),
            FakeServer.Start(FakeConversations.Tarpit),
        };
        var good = new FakeSmtpConversation(startTls: false, size: 10 << 20, "PLAIN");
        await using var goodServer = FakeServer.Start(good.RunAsync);
        try
        {
            var prober = Prober();
            var attacks = Task.WhenAll(hostile.Select((server, i) => i == 3
                ? ProbeAsync("SMTP", server.Port, ProbeTlsMode.None)
                : ProbeAsync(i == 2 ? "IMAP4" : "POP3", server.Port, ProbeTlsMode.None)));

            var verified = 0;
            while (!attacks.IsCompleted && verified < 3)
            {
                var result = await prober.ProbeOutgoingAsync(new(goodServer.Host, goodServer.Port, ProbeTlsMode.None, ProbeAuthMechanism.Plain, 10 << 20), null, CancellationToken.None);
                Assert.Equal(ProbeReason.Verified, result.Reason);
                verified++;
            }

            Assert.False(attacks.IsCompleted, $"the hostile probes ended before {verified} probes of a good server could finish");
            var ends = await attacks;
            Assert.All(ends, end => Assert.NotEqual(ProbeReason.Verified, end.Reason));
        }
        finally
        {
            foreach (var server in hostile)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static ProbeCredentials Account => new("mallory-probe", "hunter2-secret");

    private static MailServerProber Prober() => new(new ProbeOptions { Timeout = Deadline }, TimeProvider.System);

    private static string Greeting(string protocol) => protocol switch
    {
        "POP3" => "+OK ",
        "IMAP4" => "* OK ",
        _ => "220 ",
    };

    /// <summary>A server that offers STARTTLS (or not) and refuses it (or would accept it), with a login it never should see.</summary>
    private static HostileConversation StartTlsServer(string protocol, bool offer, bool accept) => protocol switch
    {
        "POP3" => new("+OK ready\r\n", line => HostileConversation.Verb(line) switch
        {
            "CAPA" => ["+OK", "UIDL", "USER", .. offer ? new[] { "STLS" } : [], "."],
            "STLS" => [accept ? "+OK go ahead" : "-ERR TLS not available pwned"],
            "QUIT" => ["+OK bye"],
            _ => ["+OK"],
        }),
        "IMAP4" => new($"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN{(offer ? " STARTTLS" : string.Empty)}] ready\r\n", line => HostileConversation.Verb(line) switch
        {
            "STARTTLS" => [$"{HostileConversation.Tag(line)} {(accept ? "OK go ahead" : "NO TLS not available pwned")}"],
            "LOGOUT" => ["* BYE", $"{HostileConversation.Tag(line)} OK bye"],
            _ => [$"{HostileConversation.Tag(line)} OK done"],
        }),
        _ => new("220 fake.test ESMTP\r\n", line => HostileConversation.Verb(line) switch
        {
            "EHLO" => ["250-fake.test", "250-AUTH PLAIN LOGIN", offer ? "250 STARTTLS" : "250 8BITMIME"],
            "STARTTLS" => [accept ? "220 go ahead" : "454 4.7.0 TLS not available pwned"],
            "QUIT" => ["221 bye"],
            _ => ["235 ok"],
        }),
    };

    private async Task<(ProbeReason Reason, string Message, TimeSpan Latency, string? TlsProtocol, IReadOnlyList<string> Capabilities, IReadOnlyList<string> AuthMechanisms)> ProbeAsync(
        string protocol, int port, ProbeTlsMode tls, ProbeCredentials? credentials = null)
    {
        var clock = Stopwatch.StartNew();
        if (protocol == "SMTP")
        {
            var outgoing = await Prober().ProbeOutgoingAsync(new("127.0.0.1", port, tls, ProbeAuthMechanism.Plain), credentials, CancellationToken.None);
            Report(outgoing.Reason, outgoing.Message, clock.Elapsed);
            return (outgoing.Reason, outgoing.Message, outgoing.Latency, outgoing.TlsProtocol, outgoing.Capabilities, outgoing.AuthMechanisms);
        }

        var target = new IncomingProbeTarget(protocol == "POP3" ? IncomingMailProtocol.Pop3 : IncomingMailProtocol.Imap4, "127.0.0.1", port, tls);
        var incoming = await Prober().ProbeIncomingAsync(target, credentials, CancellationToken.None);
        Report(incoming.Reason, incoming.Message, clock.Elapsed);
        return (incoming.Reason, incoming.Message, incoming.Latency, incoming.TlsProtocol, incoming.Capabilities, incoming.AuthMechanisms);
    }

    private void Report(ProbeReason reason, string message, TimeSpan elapsed) =>
        output.WriteLine($"{reason} after {elapsed.TotalMilliseconds:F0} ms (deadline {Deadline.TotalMilliseconds:F0} ms): {message}");

    private static void AssertEndsByTheDeadline((ProbeReason Reason, string Message, TimeSpan Latency, string? TlsProtocol, IReadOnlyList<string> Capabilities, IReadOnlyList<string> AuthMechanisms) result) =>
        AssertEndsByTheDeadline(result.Latency, result.Message);

    private static void AssertEndsByTheDeadline(TimeSpan latency, string message) =>
        Assert.True(latency <= Deadline + Slack, $"ended at {latency}, after the deadline {Deadline} + {Slack}: {message}");

    private static void AssertNothingOfTheServer((ProbeReason Reason, string Message, TimeSpan Latency, string? TlsProtocol, IReadOnlyList<string> Capabilities, IReadOnlyList<string> AuthMechanisms) result) =>
        AssertNothingOfTheServer(result.Message, result.Capabilities, result.AuthMechanisms);

    private static void AssertNothingOfTheServer(string message, IReadOnlyList<string> capabilities, IReadOnlyList<string> mechanisms)
    {
        foreach (var text in capabilities.Concat(mechanisms).Append(message))
        {
            Assert.All(Marks, mark => Assert.DoesNotContain(mark, text, StringComparison.OrdinalIgnoreCase));
            Assert.All(text, c => Assert.InRange(c, ' ', '~'));
        }
    }
}
