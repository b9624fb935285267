using System.Net;
using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// The egress policy of probes run on tenants' behalf: resolved addresses are checked before anything is sent, the
/// probe connects to a checked address (never resolving again), and TLS still validates the host name.
/// </summary>
public sealed class ProbeEgressTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly IPNetwork Loopback = IPNetwork.Parse("127.0.0.0/8");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    internal async Task Probe_LoopbackByAddressOrName_AddressNotAllowedAndNoConnection(string host)
    {
        var pop3 = new FakePop3Conversation(capa: true, uidl: true);
        await using var server = CountingServer.Start(pop3.RunAsync);

        var refused = await Prober(ProbeAddressPolicy.PublicOnly([])).ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, host, server.Port, ProbeTlsMode.None), null, CancellationToken.None);
        var control = await Prober(ProbeAddressPolicy.PublicOnly([Loopback])).ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, "127.0.0.1", server.Port, ProbeTlsMode.None), null, CancellationToken.None);

        Assert.Equal(ProbeReason.AddressNotAllowed, refused.Reason);
        Assert.Equal($"{host}:{server.Port}: the host's addresses are not public (loopback), and the operator probes only public addresses: nothing was sent (the operator's administrator can allow a network with --probe-allow-network)", refused.Message);
        Assert.Equal(ProbeReason.Verified, control.Reason);
        Assert.Equal(1, server.Accepted); // the control probe's connection: the refused probe, which came first, made none
    }

    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("10.96.0.1", "private")]
    [InlineData("fd00::1", "private")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.251", "multicast")]
    internal async Task Probe_NameResolvingToInternalAddress_AddressNotAllowedWithoutConnecting(string address, string kind)
    {
        var resolved = new HostileResolver(IPAddress.Parse(address));

        var result = await Prober(ProbeAddressPolicy.PublicOnly([]), resolved.ResolveAsync).ProbeOutgoingAsync(
            new("mail.tenant.example", 587, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain), null, CancellationToken.None);

        Assert.Equal(ProbeReason.AddressNotAllowed, result.Reason);
        Assert.Contains($"the host's addresses are not public ({kind})", result.Message, StringComparison.Ordinal);
        Assert.True(result.Latency < Deadline, "refused before any connection attempt, so long before the deadline");
    }

    [Fact]
    internal async Task Probe_AnswerWithRefusedAndAllowedAddresses_ConnectsOnlyToTheCheckedOneAndResolvesOnce()
    {
        var pop3 = new FakePop3Conversation(capa: true, uidl: true);
        await using var server = CountingServer.Start(pop3.RunAsync);
        var resolver = new HostileResolver(IPAddress.Parse("169.254.169.254"), IPAddress.Parse("10.0.0.1"), IPAddress.Loopback);

        var result = await Prober(ProbeAddressPolicy.PublicOnly([Loopback]), resolver.ResolveAsync).ProbeIncomingAsync(
            new(IncomingMailProtocol.Pop3, "mail.tenant.example", server.Port, ProbeTlsMode.None), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal(1, resolver.Calls);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    internal async Task Probe_AllowedAddressUnderAHostName_TlsValidatesTheHostName()
    {
        using var authority = TestCertificates.CreateAuthority();
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.CreateServer(authority, now.AddDays(-1), now.AddDays(30), "mail.tenant.example");
        var pop3 = new FakePop3Conversation(capa: true, uidl: true);
        await using var server = FakeServer.Start(pop3.RunAsync, certificate);
        var resolver = new HostileResolver(IPAddress.Loopback);
        var prober = new MailServerProber(
            new ProbeOptions { Timeout = Deadline, ExtraTrustedCertificates = [authority], AddressPolicy = ProbeAddressPolicy.PublicOnly([Loopback]), Resolver = resolver.ResolveAsync },
            TimeProvider.System);

        var byName = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, "mail.tenant.example", server.Port, ProbeTlsMode.Implicit), null, CancellationToken.None);
        var byAddress = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, "127.0.0.1", server.Port, ProbeTlsMode.Implicit), null, CancellationToken.None);

        Assert.Equal(ProbeReason.Verified, byName.Reason);
        Assert.Equal(ProbeReason.CertificateInvalid, byAddress.Reason);
        Assert.EndsWith("it is issued for mail.tenant.example, not for 127.0.0.1", byAddress.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task Probe_BugInsideTheProbe_ThrownNotBlamedOnTheServer()
    {
#pragma warning disable CA2201 // the very exception a bug throws
        var prober = Prober(ProbeAddressPolicy.Unrestricted, (_, _) => throw new NullReferenceException("a bug"));
#pragma warning restore CA2201

        var thrown = await Assert.ThrowsAsync<NullReferenceException>(() =>
            prober.ProbeOutgoingAsync(new("mail.tenant.example", 587, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain), null, CancellationToken.None));

        Assert.Equal("a bug", thrown.Message);
    }

    private static MailServerProber Prober(ProbeAddressPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolver = null) =>
        new(new ProbeOptions { Timeout = Deadline, AddressPolicy = policy, Resolver = resolver ?? Dns.GetHostAddressesAsync }, TimeProvider.System);

    /// <summary>A DNS server under the tenant's control: the same answer to every question, counted.</summary>
    private sealed class HostileResolver(params IPAddress[] answer)
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(answer);
        }
    }

    /// <summary>A <see cref="FakeServer"/> that counts the connections it accepts.</summary>
    private sealed class CountingServer : IAsyncDisposable
    {
        private readonly FakeServer server;
        private int accepted;

        private CountingServer(Func<FakeConnection, CancellationToken, Task> conversation) =>
            server = FakeServer.Start((connection, token) =>
            {
                Interlocked.Increment(ref accepted);
                return conversation(connection, token);
            });

        public int Port => server.Port;

        public int Accepted => Volatile.Read(ref accepted);

        public static CountingServer Start(Func<FakeConnection, CancellationToken, Task> conversation) => new(conversation);

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
