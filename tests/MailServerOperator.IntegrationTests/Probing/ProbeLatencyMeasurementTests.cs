using System.Diagnostics;
using System.Globalization;
using MailServerOperator.Probing;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// Repeated probes: each against local Dovecot verified, with the latency it reports (status.*.latencyMs) inside the
/// time the call took; each against a tarpit ended by its deadline. The medians and the longest go to the test output
/// (dotnet test --logger "console;verbosity=detailed"); comparisons of speed belong to bench/.
/// </summary>
[Collection(RealMailServers.Name)]
public sealed class ProbeLatencyMeasurementTests(MailServersFixture servers, ITestOutputHelper output)
{
    private const int Runs = 21;

    [Fact]
    internal async Task Probes_LocalDovecotWithTlsAndLogin_AllVerifiedWithinTheCallsTime()
    {
        var env = servers.Environment;
        var prober = servers.CreateProber();
        var credentials = new ProbeCredentials(env.User, env.Password);
        var probes = new (string Name, Func<Task<(ProbeReason, TimeSpan)>> Run)[]
        {
            ("POP3 (implicit TLS, USER/PASS, UIDL)", async () => Pair(await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, env.Host, env.Port("DOVECOT_POP3S_PORT"), ProbeTlsMode.Implicit), credentials, CancellationToken.None))),
            ("IMAP4 (implicit TLS, LOGIN, INBOX)", async () => Pair(await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Imap4, env.Host, env.Port("DOVECOT_IMAPS_PORT"), ProbeTlsMode.Implicit), credentials, CancellationToken.None))),
            ("SMTP (STARTTLS, AUTH PLAIN, SIZE)", async () => Pair(await prober.ProbeOutgoingAsync(new(env.Host, env.Port("DOVECOT_SUBMISSION_PORT"), ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain, env.MaxMessageSize), credentials, CancellationToken.None))),
        };

        foreach (var (name, run) in probes)
        {
            await run(); // warm-up: JIT and TLS session setup on the client side
            var latencies = new List<TimeSpan>();
            for (var i = 0; i < Runs; i++)
            {
                var call = Stopwatch.StartNew();
                var (reason, latency) = await run();
                call.Stop();
                Assert.Equal(ProbeReason.Verified, reason);
                Assert.InRange(latency, TimeSpan.FromTicks(1), call.Elapsed);
                latencies.Add(latency);
            }

            latencies.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dovecot {name}: median {latencies[Runs / 2].TotalMilliseconds:0.0} ms, min {latencies[0].TotalMilliseconds:0.0} ms, max {latencies[^1].TotalMilliseconds:0.0} ms over {Runs} probes"));
        }
    }

    [Fact]
    internal async Task Probes_Tarpit_EndByTheDeadlineAndLongestReported()
    {
        var deadline = TimeSpan.FromSeconds(1);
        var prober = new MailServerProber(new ProbeOptions { Timeout = deadline }, TimeProvider.System);
        await using var tarpit = FakeServer.Start(FakeConversations.Tarpit);
        var longest = TimeSpan.Zero;
        foreach (var tls in new[] { ProbeTlsMode.None, ProbeTlsMode.Implicit })
        {
            var pop3 = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, tarpit.Host, tarpit.Port, tls), null, CancellationToken.None);
            var imap = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Imap4, tarpit.Host, tarpit.Port, tls), null, CancellationToken.None);
            var smtp = await prober.ProbeOutgoingAsync(new(tarpit.Host, tarpit.Port, tls, ProbeAuthMechanism.Plain), null, CancellationToken.None);
            Assert.All(new[] { pop3.Reason, imap.Reason, smtp.Reason }, reason => Assert.Equal(ProbeReason.Timeout, reason));
            longest = new[] { longest, pop3.Latency, imap.Latency, smtp.Latency }.Max();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Tarpit: longest of 6 probes {longest.TotalMilliseconds:0.0} ms with a {deadline.TotalMilliseconds:0} ms deadline"));
        // Slack for a loaded machine; without the deadline, MailKit's 10 s operation timeout would end them.
        Assert.InRange(longest, deadline - TimeSpan.FromMilliseconds(100), deadline + TimeSpan.FromSeconds(5));
    }

    private static (ProbeReason, TimeSpan) Pair(IncomingProbeResult result) => (result.Reason, result.Latency);

    private static (ProbeReason, TimeSpan) Pair(OutgoingProbeResult result) => (result.Reason, result.Latency);
}
