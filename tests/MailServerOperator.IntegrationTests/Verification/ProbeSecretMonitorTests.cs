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

    [Fact]
    public async Task Restart_ProbeSecretChangedWhileStopped_VerifiedAgainPromptly()
    {
        var servers = await VerifiedThenStoppedAsync("secret-changed");
        // A rotation by another field manager (a secrets operator, kubectl edit): its managedFields time is the change's.
        // Kubernetes before 1.25 leaves that time alone when a manager changes only values it already owns.
        await _plane.Client.CoreV1.ReplaceNamespacedSecretAsync(
            LocalServers.Secret("account", mail.Environment.User, "not-the-password"), "account", servers.Namespace, fieldManager: "password-rotation");

        var started = Stopwatch.StartNew();
        await using var second = await StartAsync(servers.Namespace);
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

        await using var second = await StartAsync(servers.Namespace);

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
        await using var first = await StartAsync(ns);
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

    private Task<OperatorInstance> StartAsync(string ns) => OperatorInstance.StartAsync(_plane, LocalServers.Verifying(_caBundle, ns));
}
