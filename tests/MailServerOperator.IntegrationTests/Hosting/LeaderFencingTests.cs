using System.Diagnostics;
using MailServerOperator.IntegrationTests.Controller;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// Operator processes competing for one Lease, the leader killed (SIGKILL) and then paused (SIGSTOP): the standby leads
/// within the lease duration + 5 s, and the audit log shows that no MailServer write ever came from an instance that
/// did not hold the Lease at that moment, including the paused leader after it resumes.
/// </summary>
[Collection(FencingControlPlaneGroup.Name)]
public sealed class LeaderFencingTests(FaultControlPlane fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan TakeoverBound = LeaseDuration + TimeSpan.FromSeconds(5);
    private const int Servers = 12;

    [Fact]
    public async Task Leader_KilledThenPaused_StandbyLeadsWithinLeaseDurationPlusFiveSeconds_NeverTwoWriters()
    {
        var plane = fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("fencing");
        var servers = new MailServers(plane.Client, ns);
        var instances = new List<OperatorProcess>();
        try
        {
            var a = Start("fence-a", instances);
            var b = Start("fence-b", instances);
            for (var i = 0; i < Servers; i++)
            {
                await servers.CreateAsync(MailServers.Pop3($"s{i:00}", i));
            }

            await Eventually.SucceedsAsync("statuses", TimeSpan.FromSeconds(60), () => FreshStatus.DiffersAsync(plane.Client, ns));
            var leader = await LeaderAsync(a, b);
            var standby = leader == a ? b : a;

            // 1. SIGKILL: no release, no goodbye; the standby waits out the Lease.
            var killed = Stopwatch.StartNew();
            leader.Signal(OperatorProcess.SigKill);
            await servers.CreateAsync(MailServers.Pop3("after-kill", 100));
            await Eventually.SucceedsAsync("the standby to lead", TakeoverBound, async () => await standby.ReadyzAsync() == "ok: leading" ? null : "standing by");
            var killTakeover = killed.Elapsed;
            await Eventually.SucceedsAsync("statuses after the kill", TimeSpan.FromSeconds(45), () => FreshStatus.DiffersAsync(plane.Client, ns));
            var killReconciled = killed.Elapsed;
            output.WriteLine($"SIGKILL: standby led after {killTakeover.TotalSeconds:F1} s, every status fresh after {killReconciled.TotalSeconds:F1} s");

            // 2. SIGSTOP while busy: the paused leader holds the Lease, then resumes thinking nothing happened.
            var c = Start("fence-c", instances);
            await Eventually.SucceedsAsync("the new standby to sync", TimeSpan.FromSeconds(30), async () => await c.ReadyzAsync() == "ok: standing by" ? null : "not ready");
            var paused = standby;
            for (var i = 0; i < Servers; i++)
            {
                await servers.MergePatchAsync($"s{i:00}", new { spec = new { order = 50 - i } }); // every position moves: a burst of writes
            }

            var stopped = Stopwatch.StartNew();
            paused.Signal(OperatorProcess.SigStop);
            await servers.CreateAsync(MailServers.Pop3("after-pause", 200));
            await Eventually.SucceedsAsync("the third instance to lead", TakeoverBound, async () => await c.ReadyzAsync() == "ok: leading" ? null : "standing by");
            var pauseTakeover = stopped.Elapsed;
            await Eventually.SucceedsAsync("statuses after the pause", TimeSpan.FromSeconds(45), () => FreshStatus.DiffersAsync(plane.Client, ns));
            output.WriteLine($"SIGSTOP: the third instance led after {pauseTakeover.TotalSeconds:F1} s, every status fresh after {stopped.Elapsed.TotalSeconds:F1} s");

            paused.Signal(OperatorProcess.SigCont);
            var (_, line) = await paused.WaitForLineAsync(l => l.Contains("stopped leading", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "saying it stopped leading");
            output.WriteLine($"resumed leader: {line}");
            await servers.MergePatchAsync("s00", new { spec = new { order = 1 } }); // a change both would act on
            await Eventually.SucceedsAsync("statuses after the resume", TimeSpan.FromSeconds(45), () => FreshStatus.DiffersAsync(plane.Client, ns));
            await Eventually.SucceedsAsync("the resumed leader to stand by", TimeSpan.FromSeconds(20), async () => await paused.ReadyzAsync() is var r && r == "ok: standing by" ? null : r ?? "no answer");

            var events = fixture.Audit.Events(ns);
            var writers = instances.Select(i => i.Identity).ToHashSet();
            foreach (var transition in events.Where(e => e.Resource == "leases" && e.Holder is not null && e.Code is >= 200 and < 300)
                .GroupBy(e => e.Holder).Select(g => g.First()))
            {
                output.WriteLine($"lease first written with holder '{transition.Holder}' at {transition.Completed:HH:mm:ss.fff}");
            }

            var writes = events.Where(e => e.Resource == "mailservers" && e.Code is >= 200 and < 300 && writers.Contains(e.Writer)).ToList();
            output.WriteLine($"{writes.Count} MailServer writes: " + string.Join(", ", writes.GroupBy(w => w.Writer).Select(g => $"{g.Key} {g.Count()}")));
            Assert.Contains(writes, w => w.Writer == paused.Identity);
            Assert.Contains(writes, w => w.Writer == c.Identity);
            Assert.DoesNotContain(writes, w => w.Writer == paused.Identity && w.Received >= FirstHeld(events, c.Identity));
            Assert.Empty(AuditLog.WritesOutsideTheirLease(events, writers));
            Assert.True(killTakeover < TakeoverBound, $"SIGKILL takeover took {killTakeover}");
            Assert.True(pauseTakeover < TakeoverBound, $"SIGSTOP takeover took {pauseTakeover}");
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }

        OperatorProcess Start(string identity, List<OperatorProcess> started)
        {
            var process = OperatorProcess.StartRun(identity, plane.OperatorKubeconfigPath, plane.WorkDirectory,
                "--namespace", ns, "--leader-elect", "--lease-namespace", ns);
            started.Add(process);
            return process;
        }
    }

    /// <summary>When <paramref name="holder"/> first wrote the Lease: from then on nobody else may write.</summary>
    private static DateTimeOffset FirstHeld(IReadOnlyList<AuditEvent> events, string holder) =>
        events.Where(e => e.Resource == "leases" && e.Holder == holder && e.Code is >= 200 and < 300).Min(e => e.Received);

    private static async Task<OperatorProcess> LeaderAsync(OperatorProcess a, OperatorProcess b)
    {
        OperatorProcess? leader = null;
        await Eventually.SucceedsAsync("one leader", TimeSpan.FromSeconds(30), async () =>
        {
            var (ra, rb) = (await a.ReadyzAsync(), await b.ReadyzAsync());
            leader = ra == "ok: leading" && rb == "ok: standing by" ? a : rb == "ok: leading" && ra == "ok: standing by" ? b : null;
            return leader is null ? $"a: {ra}, b: {rb}" : null;
        });
        return leader!;
    }
}
