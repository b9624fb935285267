using System.Diagnostics;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Status;
using MailServerOperator.Verification;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>
/// A rollout or a failover over settled, verified servers is invisible: status is the starting point. A probe Secret
/// changed while no operator ran is noticed at once: the new operator has no stamp of it to compare with, so it compares
/// the Secret's last change with status verifiedAt.
/// </summary>
[Collection(RealMailServers.Name)]
public sealed class OperatorRestartTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Servers = 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private string _caBundle = null!;
    private ControlPlane _plane = null!;

    public async Task InitializeAsync()
    {
        _caBundle = await LocalServers.WriteCaBundleAsync(mail);
        _plane = await SharedControlPlane.GetAsync();
    }

    public Task DisposeAsync()
    {
        File.Delete(_caBundle);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_SettledVerifiedServers_NewLeaderWritesNothingAndRecordsNoEvent(bool failover)
    {
        var ns = await _plane.CreateNamespaceAsync(failover ? "failover" : "restart");
        var servers = new MailServers(_plane.Client, ns);
        var names = Enumerable.Range(0, Servers).Select(i => $"s{i:00}").ToList();
        var everyKey = names.Concat(ReservedMailServerNames.All).ToHashSet();
        using var spans = new ActivityRecorder();
        var first = await StartAsync(ns, "first", leaderElection: failover);
        OperatorInstance? second = null;
        try
        {
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
            await BuiltInsProbedAsync(servers);
            var positions = new[] { ("gmail", 1), ("exchange-online", 2) }.Concat(names.Select((n, i) => (n, i + 3))).ToArray();
            await Eventually.SucceedsAsync("positions", Settle, () => servers.PositionsAreAsync(positions));
            output.WriteLine($"first operator: {first.Requests.StatusWrites()} status writes, {first.Requests.EventWrites()} events to settle {Servers} servers");

            if (failover)
            {
                second = await StartAsync(ns, "second", leaderElection: true);
                await Eventually.SucceedsAsync("the standby synced", TimeSpan.FromSeconds(30), () => Task.FromResult(second.Health.Synced ? null : "not synced"));
                await first.StopAsync(); // releases the Lease: the standby leads
            }
            else
            {
                await first.StopAsync();
                second = await StartAsync(ns, "second", leaderElection: false);
            }

            var before = spans.Started("verify", ns);
            var restarted = DateTime.UtcNow;

            // The positive signal: the new leader has reconciled every MailServer of the namespace.
            await Eventually.SucceedsAsync("the new operator reconciled every server", Settle, () =>
            {
                var missing = everyKey.Except(spans.Ended("reconcile", ns, after: restarted)).ToList();
                return Task.FromResult(missing.Count == 0 ? null : $"{missing.Count} not reconciled yet, e.g. {missing[0]}");
            });

            output.WriteLine($"new operator ({(failover ? "failover" : "restart")}): {second.Requests.StatusWrites()} status writes, {second.Requests.EventWrites()} events, {spans.Started("verify", ns) - before} probes");
            Assert.Equal(0, second.Requests.StatusWrites());
            Assert.Equal(0, second.Requests.EventWrites());
            Assert.Equal(before, spans.Started("verify", ns)); // not due: verifiedAt + 1h is still ahead
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Restart_ProbeSecretChangedWhileStopped_VerifiedAgainPromptly()
    {
        var servers = await VerifiedThenStoppedAsync("secret-changed");
        // A rotation by another field manager (a secrets operator, kubectl edit): its managedFields time is the change's.
        // Kubernetes before 1.25 leaves that time alone when a manager changes only values it already owns.
        await _plane.Client.CoreV1.ReplaceNamespacedSecretAsync(
            LocalServers.Secret("account", mail.Environment.User, "not-the-password"), "account", servers.Namespace, fieldManager: "password-rotation");

        var started = Stopwatch.StartNew();
        await using var second = await StartAsync(servers.Namespace, "second", leaderElection: false);
        var took = await Eventually.SucceedsAsync("AuthenticationFailed after the restart", TimeSpan.FromSeconds(25), async () =>
            (await servers.GetAsync("account-user"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "still the old verdict");

        output.WriteLine($"the Secret changed while stopped was verified again {took.TotalSeconds:F1} s after the restart (interval 1h); {second.Requests.SecretReads("account")} reads of it");
        Assert.True(started.Elapsed < new VerificationOptions().SecretRecheckInterval, $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Restart_ProbeSecretUnchanged_NoProbeNoWrite()
    {
        var servers = await VerifiedThenStoppedAsync("secret-unchanged");
        using var spans = new ActivityRecorder();
        var restarted = DateTime.UtcNow;

        await using var second = await StartAsync(servers.Namespace, "second", leaderElection: false);

        // The positive signals: every MailServer reconciled, and the Secret read and judged unchanged.
        await Eventually.SucceedsAsync("every server reconciled", Settle, () =>
        {
            var missing = ReservedMailServerNames.All.Append("account-user").Except(spans.Ended("reconcile", servers.Namespace, after: restarted)).ToList();
            return Task.FromResult(missing.Count == 0 ? null : $"not reconciled yet: {string.Join(", ", missing)}");
        });
        await Eventually.SucceedsAsync("the Secret checked", Settle, () => Task.FromResult(
            second.Logs.Lines.Any(l => l.Contains("has not changed since its recorded verification", StringComparison.Ordinal)) ? null : "not checked yet"));

        Assert.Equal(0, spans.Started("verify", servers.Namespace));
        Assert.Equal(0, second.Requests.StatusWrites());
        Assert.Equal(0, second.Requests.EventWrites());
    }

    /// <summary>A namespace whose MailServer logs in with the Secret "account", verified (with the built-ins) by an operator that then stops.</summary>
    private async Task<MailServers> VerifiedThenStoppedAsync(string prefix)
    {
        var ns = await _plane.CreateNamespaceAsync(prefix);
        var servers = new MailServers(_plane.Client, ns);
        var secret = await _plane.Client.CoreV1.CreateNamespacedSecretAsync(LocalServers.Secret("account", mail.Environment.User, mail.Environment.Password), ns);

        // verifiedAt and the Secret's times have whole seconds, and a change in verifiedAt's second counts as a change:
        // the server must be verified in a later second than the Secret's creation to count as settled.
        await Eventually.SucceedsAsync("a second later than the Secret's creation", Settle, () =>
            Task.FromResult(DateTime.UtcNow >= secret.Metadata.CreationTimestamp!.Value.AddSeconds(1) ? null : "the same second"));
        await servers.CreateAsync(LocalServers.Pop3(mail.Environment, "account-user", interval: "1h", secret: "account"));
        await using var first = await StartAsync(ns, "first", leaderElection: false);
        await Eventually.SucceedsAsync("Ready=True", Settle, () => servers.ConditionIsAsync("account-user", ConditionTypes.Ready, ConditionStatus.True));
        await BuiltInsProbedAsync(servers);
        return servers;
    }

    private static async Task BuiltInsProbedAsync(MailServers servers)
    {
        foreach (var builtIn in ReservedMailServerNames.All)
        {
            await Eventually.SucceedsAsync($"{builtIn} probed", Settle, async () =>
                (await servers.GetAsync(builtIn))?.Status?.Conditions.Find(ConditionTypes.IncomingReachable) is null ? "not probed yet" : null);
        }
    }

    private Task<OperatorInstance> StartAsync(string ns, string identity, bool leaderElection) =>
        OperatorInstance.StartAsync(_plane, o =>
        {
            LocalServers.Verifying(_caBundle, ns)(o);
            o.LeaderElection.Enabled = leaderElection;
            o.LeaderElection.LeaseNamespace = ns;
        }, identity);
}
