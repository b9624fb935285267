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
/// A probe Secret changed while no operator ran is noticed at once: the new operator has no stamp of it to compare with,
/// so it compares the Secret's last change with status verifiedAt; an unchanged one costs no probe and no write.
/// </summary>
[Collection(RealMailServers.Name)]
public sealed class ProbeSecretMonitorTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly VerifyingOperator _verifying = new(mail, ["probe-secret-monitor"], start: false);

    private ControlPlane Plane => _verifying.Plane;

    public Task InitializeAsync() => _verifying.InitializeAsync();

    public Task DisposeAsync() => _verifying.DisposeAsync();

    [Fact]
    public async Task Restart_ProbeSecretChangedWhileStopped_VerifiedAgainPromptly()
    {
        var servers = await VerifiedThenStoppedAsync();
        // A rotation by another field manager (a secrets operator, kubectl edit): its managedFields time is the change's.
        // Kubernetes before 1.25 leaves that time alone when a manager changes only values it already owns.
        await Plane.Client.CoreV1.ReplaceNamespacedSecretAsync(
            LocalServers.Secret("account", mail.Environment.User, "not-the-password"), "account", servers.Namespace, fieldManager: "password-rotation");

        var started = Stopwatch.StartNew();
        var second = await _verifying.StartAsync("second");
        var took = await Eventually.SucceedsAsync("AuthenticationFailed after the restart", TimeSpan.FromSeconds(25), async () =>
            (await servers.GetAsync("account-user"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "still the old verdict");

        output.WriteLine($"the Secret changed while stopped was verified again {took.TotalSeconds:F1} s after the restart (interval 1h); {second.Requests.SecretReads("account")} reads of it");
        Assert.True(started.Elapsed < new VerificationOptions().SecretRecheckInterval, $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Restart_ProbeSecretUnchanged_NoProbeNoWrite()
    {
        var servers = await VerifiedThenStoppedAsync();
        using var spans = new ActivityRecorder();

        var second = await _verifying.StartAsync("second");

        // The positive signals: every MailServer reconciled, and the Secret read and judged unchanged.
        await Eventually.SucceedsAsync("every server reconciled", Settle, () =>
        {
            var missing = ReservedMailServerNames.All.Append("account-user").Except(spans.Ended("reconcile", servers.Namespace, by: second)).ToList();
            return Task.FromResult(missing.Count == 0 ? null : $"not reconciled yet: {string.Join(", ", missing)}");
        });
        await Eventually.SucceedsAsync("the Secret checked", Settle, () => Task.FromResult(
            second.Logs.Lines.Any(l => l.Contains("has not changed since its recorded verification", StringComparison.Ordinal)) ? null : "not checked yet"));

        Assert.Equal(0, spans.Started("verify", servers.Namespace));
        Assert.Equal(0, second.Requests.StatusWrites());
        Assert.Equal(0, second.Requests.EventWrites());
    }

    /// <summary>The test's namespace with a MailServer that logs in with the Secret "account", verified (with the built-ins) by an operator that then stops.</summary>
    private async Task<MailServers> VerifiedThenStoppedAsync()
    {
        var ns = _verifying.Namespaces[0];
        var servers = _verifying.Servers;
        var secret = await Plane.Client.CoreV1.CreateNamespacedSecretAsync(LocalServers.Secret("account", mail.Environment.User, mail.Environment.Password), ns);

        // verifiedAt and the Secret's times have whole seconds, and a change in verifiedAt's second counts as a change:
        // the server must be verified in a later second than the Secret's creation to count as settled.
        await Eventually.SucceedsAsync("a second later than the Secret's creation", Settle, () =>
            Task.FromResult(DateTime.UtcNow >= secret.Metadata.CreationTimestamp!.Value.AddSeconds(1) ? null : "the same second"));
        await servers.CreateAsync(LocalServers.Pop3(mail.Environment, "account-user", interval: "1h", secret: "account"));
        var first = await _verifying.StartAsync("first");
        await Eventually.SucceedsAsync("Ready=True", Settle, () => servers.ConditionIsAsync("account-user", ConditionTypes.Ready, ConditionStatus.True));
        await BuiltInsProbedAsync(servers);
        await first.StopAsync();
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
}
