using System.Text.Json;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Status;
using MailServerOperator.Verification;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>Probe Secrets: used only when labelled, never leaked, re-read by name so a change is noticed at the next recheck.</summary>
[Collection(RealMailServers.Name)]
public sealed class ProbeSecretTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    /// <summary>The Secrets are re-read every 2 s (not the default 30 s, pinned by ProbeSecretMonitorTests), so a change takes seconds.</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly ActivityRecorder _spans = new();
    private readonly VerifyingOperator _verifying = new(mail, ["secrets"], o => o.Verification.SecretRecheckInterval = RecheckInterval);

    private MailServerTestEnvironment Env => mail.Environment;

    private ControlPlane Plane => _verifying.Plane;

    private MailServers Servers => _verifying.Servers;

    public Task InitializeAsync() => _verifying.InitializeAsync();

    public Task DisposeAsync() => _verifying.DisposeAsync();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task Run_ProbeSecretsInUse_UserNamesAndPasswordsInNoLogEventStatusOrSpan()
    {
        var wrongUser = ServerLog.UniqueUser();
        var wrongPassword = "pw-" + Guid.NewGuid().ToString("N");
        await CreateSecretAsync(LocalServers.Secret("good", Env.User, Env.Password));
        await CreateSecretAsync(LocalServers.Secret("wrong", wrongUser, wrongPassword));
        await Servers.CreateAsync(LocalServers.Pop3(Env, "good", secret: "good"));
        await Servers.CreateAsync(LocalServers.Pop3(Env, "wrong", secret: "wrong"));

        await Eventually.SucceedsAsync("good Ready=True", Soon, () => Servers.ConditionIsAsync("good", ConditionTypes.Ready, ConditionStatus.True));
        await Eventually.SucceedsAsync("wrong Ready=False", Soon, () => Servers.ConditionIsAsync("wrong", ConditionTypes.Ready, ConditionStatus.False));
        Assert.Equal("AuthenticationFailed", (await Servers.GetAsync("wrong"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason);
        Assert.Single(await ServerLog.LinesAsync(mail.ReadDovecotLog, $"user=<{wrongUser}>")); // the wrong account was really tried

        var statuses = JsonSerializer.Serialize(await Plane.Client.CustomObjects.ListNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, Servers.Namespace, MailServer.Plural));
        var events = JsonSerializer.Serialize(await Plane.Client.EventsV1.ListNamespacedEventAsync(Servers.Namespace));
        var logs = string.Join('\n', _verifying.Operator.Logs.Lines);
        var spans = _spans.Exported();
        Assert.Contains("Verified", logs, StringComparison.Ordinal); // the places searched are not empty
        Assert.Contains("verify", spans, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"wrong\"", events, StringComparison.Ordinal); // an Event about the failing server
        foreach (var secret in new[] { Env.User, Env.Password, wrongUser, wrongPassword })
        {
            Assert.DoesNotContain(secret, statuses, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, events, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, spans, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reconcile_SecretNotLabelled_NoLoginAndTheSameWordsAsForAMissingSecret()
    {
        var user = ServerLog.UniqueUser();
        await CreateSecretAsync(LocalServers.Secret("unlabelled", user, "pw", enabledForProbes: false));
        await Servers.CreateAsync(LocalServers.Pop3(Env, "unlabelled", secret: "unlabelled"));
        await Servers.CreateAsync(LocalServers.Pop3(Env, "missing", secret: "missing"));

        await Eventually.SucceedsAsync("unlabelled Ready=False", Soon, () => Servers.ConditionIsAsync("unlabelled", ConditionTypes.Ready, ConditionStatus.False));
        await Eventually.SucceedsAsync("missing Ready=False", Soon, () => Servers.ConditionIsAsync("missing", ConditionTypes.Ready, ConditionStatus.False));

        var unlabelled = (await Servers.GetAsync("unlabelled"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        var missing = (await Servers.GetAsync("missing"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(StatusBuilder.ReasonCredentialsUnavailable, unlabelled.Reason);
        Assert.Contains("is not enabled for probes", unlabelled.Message, StringComparison.Ordinal);
        Assert.Equal(missing.Message.Replace("\"missing\"", "\"NAME\"", StringComparison.Ordinal), unlabelled.Message.Replace("\"unlabelled\"", "\"NAME\"", StringComparison.Ordinal));
        Assert.Equal(missing.Reason, unlabelled.Reason);

        // Labelling the Secret opts it in: noticed by the periodic re-read, and only then is the account used.
        Assert.DoesNotContain(mail.ReadDovecotLog().Split('\n'), l => l.Contains($"user=<{user}>", StringComparison.Ordinal));
        await Plane.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch($"{{\"metadata\":{{\"labels\":{{\"{ProbeCredentialsReader.EnabledLabel}\":\"true\"}}}}}}", V1Patch.PatchType.MergePatch), "unlabelled", Servers.Namespace);
        await Eventually.SucceedsAsync("login tried once labelled", Soon, async () =>
            (await Servers.GetAsync("unlabelled"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "not tried yet");
    }

    [Fact]
    public async Task Run_ProbeSecretPasswordChanged_VerifiedAgainAtTheNextRecheck()
    {
        await CreateSecretAsync(LocalServers.Secret("account", Env.User, Env.Password));
        await Servers.CreateAsync(LocalServers.Pop3(Env, "changing", interval: "1h", secret: "account"));
        await Eventually.SucceedsAsync("Ready=True", Soon, () => Servers.ConditionIsAsync("changing", ConditionTypes.Ready, ConditionStatus.True));

        await Plane.Client.CoreV1.ReplaceNamespacedSecretAsync(LocalServers.Secret("account", Env.User, "not-the-password"), "account", Servers.Namespace);

        var took = await Eventually.SucceedsAsync("AuthenticationFailed after the change", Soon, async () =>
            (await Servers.GetAsync("changing"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "still the old verdict");
        output.WriteLine($"the changed Secret was noticed and verified {took.TotalSeconds:F1} s after the change (probe interval 1h, recheck every {RecheckInterval.TotalSeconds:F0} s); {_verifying.Operator.Requests.SecretReads("account")} reads of it in total");
    }

    [Fact]
    public async Task Reconcile_RequestedAtAnnotationChanged_VerifiedAtOnceAndRecordedAsHandled()
    {
        await Servers.CreateAsync(LocalServers.Pop3(Env, "recheck", interval: "1h"));
        await Eventually.SucceedsAsync("Ready=True", Soon, () => Servers.ConditionIsAsync("recheck", ConditionTypes.Ready, ConditionStatus.True));
        var probesBefore = _spans.EndedCount("verify", Servers.Namespace, "recheck");
        var verifiedBefore = (await Servers.GetAsync("recheck"))!.Status!.Incoming!.VerifiedAt;

        await Servers.MergePatchAsync("recheck", new { metadata = new { annotations = new Dictionary<string, string> { [RequestedAt.Annotation] = "2026-12-01T12:00:00Z" } } });

        var took = await Eventually.SucceedsAsync("lastHandledRequestedAt", Soon, async () =>
            (await Servers.GetAsync("recheck"))!.Status!.LastHandledRequestedAt == "2026-12-01T12:00:00Z" ? null : "not handled yet");
        output.WriteLine($"requested-at handled {took.TotalMilliseconds:F0} ms after the annotation changed");
        var status = (await Servers.GetAsync("recheck"))!.Status!;
        Assert.True(status.Incoming!.VerifiedAt >= verifiedBefore);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Equal(probesBefore + 1, _spans.EndedCount("verify", Servers.Namespace, "recheck"));
    }

    private async Task CreateSecretAsync(V1Secret secret) => await Plane.Client.CoreV1.CreateNamespacedSecretAsync(secret, Servers.Namespace);
}
