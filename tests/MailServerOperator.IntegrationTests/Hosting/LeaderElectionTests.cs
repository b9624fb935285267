using System.Diagnostics;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Hosting;

public sealed class LeaderElectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoInstances_OnlyTheLeaderWrites_StandbyTakesOverWhenLeaderStops()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("election");
        var servers = new MailServers(plane.Client, ns);
        await using var first = await StartAsync(plane, ns, "first");
        await using var second = await StartAsync(plane, ns, "second");

        await servers.CreateAsync(MailServers.Pop3("a", 1));
        await Eventually.SucceedsAsync("positions", TimeSpan.FromSeconds(30), () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("a", 3)));
        var (leader, standby) = first.Health.Leading ? (first, second) : (second, first);
        Assert.True(leader.Health.Leading);
        Assert.False(standby.Health.Leading);
        Assert.True(leader.Requests.StatusWrites() > 0);
        Assert.Equal(0, standby.Requests.Writes());

        var stopped = Stopwatch.StartNew();
        await leader.StopAsync();
        await servers.CreateAsync(MailServers.Pop3("b", 2));

        await Eventually.SucceedsAsync("the standby reconciles", TimeSpan.FromSeconds(20), () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("a", 3), ("b", 4)));
        output.WriteLine($"standby took over and reconciled {stopped.ElapsedMilliseconds} ms after the leader stopped");
        Assert.True(standby.Health.Leading);
    }

    private static Task<OperatorInstance> StartAsync(ControlPlane plane, string ns, string identity) =>
        OperatorInstance.StartAsync(plane, o =>
        {
            o.Namespaces = [ns];
            o.LeaderElection.Enabled = true;
            o.LeaderElection.LeaseNamespace = ns;
        }, identity);
}
