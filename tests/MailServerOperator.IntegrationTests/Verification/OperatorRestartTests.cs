using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>A rollout or a failover over settled, verified servers is invisible: status is the starting point.</summary>
[Collection(RealMailServers.Name)]
public sealed class OperatorRestartTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Servers = 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private readonly VerifyingOperator _verifying = new(mail, ["restart"], start: false);

    public Task InitializeAsync() => _verifying.InitializeAsync();

    public Task DisposeAsync() => _verifying.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_SettledVerifiedServers_NewLeaderWritesNothingAndRecordsNoEvent(bool failover)
    {
        var ns = _verifying.Namespaces[0];
        var servers = _verifying.Servers;
        var names = Enumerable.Range(0, Servers).Select(i => $"s{i:00}").ToList();
        var everyKey = names.Concat(ReservedMailServerNames.All).ToHashSet();
        using var spans = new ActivityRecorder();
        var first = await StartAsync("first", leaderElection: failover);
        foreach (var name in names)
        {
            await servers.CreateAsync(LocalServers.Pop3(mail.Environment, name));
        }

        await Eventually.SucceedsAsync("every server verified", Settle, async () =>
        {
            var notReady = new List<string>();
            foreach (var name in names)
            {
                notReady.Add(await servers.ConditionIsAsync(name, ConditionTypes.Ready, ConditionStatus.True) ?? "");
            }

            return notReady.All(n => n.Length == 0) ? null : string.Join("; ", notReady.Where(n => n.Length > 0).Take(3));
        });
        await Eventually.SucceedsAsync("built-ins probed", Settle, async () =>
            (await servers.GetAsync("gmail"))?.Status?.Conditions.Find(ConditionTypes.IncomingReachable) is null ? "gmail not probed yet" : null);
        await Eventually.SucceedsAsync("built-ins probed", Settle, async () =>
            (await servers.GetAsync("exchange-online"))?.Status?.Conditions.Find(ConditionTypes.IncomingReachable) is null ? "exchange-online not probed yet" : null);
        var positions = new[] { ("gmail", 1), ("exchange-online", 2) }.Concat(names.Select((n, i) => (n, i + 3))).ToArray();
        await Eventually.SucceedsAsync("positions", Settle, () => servers.PositionsAreAsync(positions));
        output.WriteLine($"first operator: {first.Requests.StatusWrites()} status writes, {first.Requests.EventWrites()} events to settle {Servers} servers");

        OperatorInstance second;
        if (failover)
        {
            second = await StartAsync("second", leaderElection: true);
            await Eventually.SucceedsAsync("the standby synced", TimeSpan.FromSeconds(30), () => Task.FromResult(second.Health.Synced ? null : "not synced"));
            await first.StopAsync(); // releases the Lease: the standby leads
        }
        else
        {
            await first.StopAsync();
            second = await StartAsync("second", leaderElection: false);
        }

        var before = spans.Started("verify", ns);

        // The positive signal: the new leader has reconciled every MailServer of the namespace (its own spans: a standby
        // may lead, and reconcile everything, before the old leader's StopAsync has returned).
        await Eventually.SucceedsAsync("the new operator reconciled every server", Settle, () =>
        {
            var missing = everyKey.Except(spans.Ended("reconcile", ns, by: second)).ToList();
            return Task.FromResult(missing.Count == 0 ? null : $"{missing.Count} not reconciled yet (leading: {second.Health.Leading}), e.g. {missing[0]}");
        });

        output.WriteLine($"new operator ({(failover ? "failover" : "restart")}): {second.Requests.StatusWrites()} status writes, {second.Requests.EventWrites()} events, {spans.Started("verify", ns) - before} probes");
        Assert.Equal(0, second.Requests.StatusWrites());
        Assert.Equal(0, second.Requests.EventWrites());
        Assert.Equal(before, spans.Started("verify", ns)); // not due: verifiedAt + 1h is still ahead
    }

    private Task<OperatorInstance> StartAsync(string identity, bool leaderElection) =>
        _verifying.StartAsync(identity, o =>
        {
            o.LeaderElection.Enabled = leaderElection;
            o.LeaderElection.LeaseNamespace = _verifying.Namespaces[0]; // one Lease per test
        });
}
