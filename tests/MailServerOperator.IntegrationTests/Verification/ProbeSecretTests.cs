using System.Diagnostics;
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

/// <summary>Probe Secrets: used only when labelled, never leaked, re-read by name so a change is noticed within a minute.</summary>
[Collection(RealMailServers.Name)]
public sealed class ProbeSecretTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly ActivityRecorder _spans = new();
    private string _caBundle = null!;
    private ControlPlane _plane = null!;
    private MailServers _servers = null!;
    private OperatorInstance _operator = null!;

    private MailServerTestEnvironment Env => mail.Environment;

    public async Task InitializeAsync()
    {
        _caBundle = await LocalServers.WriteCaBundleAsync(mail);
        _plane = await SharedControlPlane.GetAsync();
        var ns = await _plane.CreateNamespaceAsync("secrets");
        _servers = new MailServers(_plane.Client, ns);
        _operator = await OperatorInstance.StartAsync(_plane, LocalServers.Verifying(_caBundle, ns));
    }

    public async Task DisposeAsync()
    {
        await _operator.DisposeAsync();
        File.Delete(_caBundle);
    }

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task Run_ProbeSecretsInUse_UserNamesAndPasswordsInNoLogEventStatusOrSpan()
    {
        var wrongUser = ServerLog.UniqueUser();
        var wrongPassword = "pw-" + Guid.NewGuid().ToString("N");
        await CreateSecretAsync(LocalServers.Secret("good", Env.User, Env.Password));
        await CreateSecretAsync(LocalServers.Secret("wrong", wrongUser, wrongPassword));
        await _servers.CreateAsync(LocalServers.Pop3(Env, "good", secret: "good"));
        await _servers.CreateAsync(LocalServers.Pop3(Env, "wrong", secret: "wrong"));

        await Eventually.SucceedsAsync("good Ready=True", Soon, () => _servers.ConditionIsAsync("good", ConditionTypes.Ready, ConditionStatus.True));
        await Eventually.SucceedsAsync("wrong Ready=False", Soon, () => _servers.ConditionIsAsync("wrong", ConditionTypes.Ready, ConditionStatus.False));
        Assert.Equal("AuthenticationFailed", (await _servers.GetAsync("wrong"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason);
        Assert.Single(await ServerLog.LinesAsync(mail.ReadDovecotLog, $"user=<{wrongUser}>")); // the wrong account was really tried

        var statuses = JsonSerializer.Serialize(await _plane.Client.CustomObjects.ListNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, _servers.Namespace, MailServer.Plural));
        var events = JsonSerializer.Serialize(await _plane.Client.EventsV1.ListNamespacedEventAsync(_servers.Namespace));
        var logs = string.Join('\n', _operator.Logs.Lines);
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
        await _servers.CreateAsync(LocalServers.Pop3(Env, "unlabelled", secret: "unlabelled"));
        await _servers.CreateAsync(LocalServers.Pop3(Env, "missing", secret: "missing"));

        await Eventually.SucceedsAsync("unlabelled Ready=False", Soon, () => _servers.ConditionIsAsync("unlabelled", ConditionTypes.Ready, ConditionStatus.False));
        await Eventually.SucceedsAsync("missing Ready=False", Soon, () => _servers.ConditionIsAsync("missing", ConditionTypes.Ready, ConditionStatus.False));

        var unlabelled = (await _servers.GetAsync("unlabelled"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        var missing = (await _servers.GetAsync("missing"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(StatusBuilder.ReasonCredentialsUnavailable, unlabelled.Reason);
        Assert.Contains("is not enabled for probes", unlabelled.Message, StringComparison.Ordinal);
        Assert.Equal(missing.Message.Replace("\"missing\"", "\"NAME\"", StringComparison.Ordinal), unlabelled.Message.Replace("\"unlabelled\"", "\"NAME\"", StringComparison.Ordinal));
        Assert.Equal(missing.Reason, unlabelled.Reason);

        // Labelling the Secret opts it in: noticed by the periodic re-read, and only then is the account used.
        Assert.DoesNotContain(mail.ReadDovecotLog().Split('\n'), l => l.Contains($"user=<{user}>", StringComparison.Ordinal));
        await _plane.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch($"{{\"metadata\":{{\"labels\":{{\"{ProbeCredentialsReader.EnabledLabel}\":\"true\"}}}}}}", V1Patch.PatchType.MergePatch), "unlabelled", _servers.Namespace);
        await Eventually.SucceedsAsync("login tried once labelled", TimeSpan.FromSeconds(75), async () =>
            (await _servers.GetAsync("unlabelled"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "not tried yet");
    }

    [Fact]
    public async Task Run_ProbeSecretPasswordChanged_VerifiedAgainWithinAMinute()
    {
        await CreateSecretAsync(LocalServers.Secret("account", Env.User, Env.Password));
        await _servers.CreateAsync(LocalServers.Pop3(Env, "changing", interval: "1h", secret: "account"));
        await Eventually.SucceedsAsync("Ready=True", Soon, () => _servers.ConditionIsAsync("changing", ConditionTypes.Ready, ConditionStatus.True));

        var changed = Stopwatch.StartNew();
        await _plane.Client.CoreV1.ReplaceNamespacedSecretAsync(LocalServers.Secret("account", Env.User, "not-the-password"), "account", _servers.Namespace);

        var took = await Eventually.SucceedsAsync("AuthenticationFailed after the change", TimeSpan.FromSeconds(60), async () =>
            (await _servers.GetAsync("changing"))!.Status!.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason == "AuthenticationFailed" ? null : "still the old verdict");
        output.WriteLine($"the changed Secret was noticed and verified {took.TotalSeconds:F1} s after the change (interval 1h); {_operator.Requests.SecretReads("account")} reads of it in total");
    }

    [Fact]
    public async Task Reconcile_RequestedAtAnnotationChanged_VerifiedAtOnceAndRecordedAsHandled()
    {
        await _servers.CreateAsync(LocalServers.Pop3(Env, "recheck", interval: "1h"));
        await Eventually.SucceedsAsync("Ready=True", Soon, () => _servers.ConditionIsAsync("recheck", ConditionTypes.Ready, ConditionStatus.True));
        var probesBefore = _spans.EndedCount("verify", _servers.Namespace, "recheck");
        var verifiedBefore = (await _servers.GetAsync("recheck"))!.Status!.Incoming!.VerifiedAt;

        await _servers.MergePatchAsync("recheck", new { metadata = new { annotations = new Dictionary<string, string> { [RequestedAt.Annotation] = "2026-12-01T12:00:00Z" } } });

        var took = await Eventually.SucceedsAsync("lastHandledRequestedAt", Soon, async () =>
            (await _servers.GetAsync("recheck"))!.Status!.LastHandledRequestedAt == "2026-12-01T12:00:00Z" ? null : "not handled yet");
        output.WriteLine($"requested-at handled {took.TotalMilliseconds:F0} ms after the annotation changed");
        var status = (await _servers.GetAsync("recheck"))!.Status!;
        Assert.True(status.Incoming!.VerifiedAt >= verifiedBefore);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Equal(probesBefore + 1, _spans.EndedCount("verify", _servers.Namespace, "recheck"));
    }

    private async Task CreateSecretAsync(V1Secret secret) => await _plane.Client.CoreV1.CreateNamespacedSecretAsync(secret, _servers.Namespace);
}
