using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Hosting;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using MailServerOperator.Status;
using MailServerOperator.Tests.Kubernetes;
using MailServerOperator.Tests.Verification;
using MailServerOperator.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Controller;

public sealed class MailServerReconcilerTests : IDisposable
{
    private const string Ns = "tenant";
    private static readonly ObjectKey Isp = new(Ns, "isp");
    private static readonly ObjectKey Gmail = new(Ns, ReservedMailServerNames.Gmail);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeApiServer _api = new();
    private readonly ObjectStore<MailServerObject> _cache = new(o => o.ResourceVersion);
    private readonly ObjectStore<V1Namespace> _namespaces = new(n => n.Metadata?.ResourceVersion ?? "");
    private readonly BlockingProber _prober = new();
    private readonly ConcurrentQueue<ObjectKey> _verified = new();
    private readonly k8s.Kubernetes _client;
    private readonly List<MailServerVerifier> _verifiers = [];
    private readonly DisplayOrderIndex _order = new();
    private MailServerReconciler _reconciler;

    public MailServerReconcilerTests()
    {
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.invalid" }, _api);
        _prober.Release();
        _reconciler = NewOperator();
    }

    [Fact]
    public async Task ReconcileAsync_NewServer_WritesVerifyingOnceThenTheVerdictOnce()
    {
        Apply(Pop3("isp"));

        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        Assert.Equal(ConditionStatus.Unknown, Condition(Isp, ConditionTypes.Ready).Status);
        await WaitUntilAsync(() => _verified.Contains(Isp));
        var result = await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Equal(ConditionStatus.True, Condition(Isp, ConditionTypes.Ready).Status);
        Assert.Equal(2, _api.Count("PATCH", "/mailservers/isp/status"));
        Assert.Equal(2, _prober.Started);
        Assert.InRange(result.RequeueAfter!.Value, TimeSpan.FromMinutes(54), TimeSpan.FromMinutes(66)); // 1 h ± 10 %
    }

    [Fact]
    public async Task ReconcileAsync_AfterRestartOverAVerifiedServer_NoWriteNoEventNoProbeAndDueAtVerifiedAtPlusInterval()
    {
        await VerifiedAsync(Isp, Pop3("isp"));
        var requests = _api.Requests.Count;
        _time.Advance(TimeSpan.FromMinutes(20));

        _reconciler = NewOperator(); // a new process: nothing in memory, the cache re-listed from the API server
        var result = await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Equal(requests, _api.Requests.Count);
        Assert.Equal(2, _prober.Started);
        var verifiedAt = _cache.Get(Isp)!.Server.Status!.Incoming!.VerifiedAt!.Value;
        Assert.Equal(verifiedAt + TimeSpan.FromHours(1) - _time.GetUtcNow(), result.RequeueAfter);
    }

    [Fact]
    public async Task ReconcileAsync_AfterRestartWhenTheRecordedVerificationIsDue_ProbesAgain()
    {
        await VerifiedAsync(Isp, Pop3("isp"));
        _time.Advance(TimeSpan.FromMinutes(61));

        _reconciler = NewOperator();
        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        await WaitUntilAsync(() => _prober.Started == 4);
    }

    [Fact]
    public async Task ReconcileAsync_RequestedAtChanged_VerifiesAtOnceAndRecordsTheValue()
    {
        await VerifiedAsync(Isp, Pop3("isp"));
        var requested = Pop3("isp");
        requested["metadata"]!["annotations"] = new JsonObject { [RequestedAt.Annotation] = "now" };
        Apply(requested);

        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        await WaitUntilAsync(() => _verified.Count == 2);
        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Equal(4, _prober.Started);
        Assert.Equal("now", _cache.Get(Isp)!.Server.Status!.LastHandledRequestedAt);

        _reconciler = NewOperator(); // the request is answered for good: a restart does not probe for it again
        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        Assert.Equal(4, _prober.Started);
    }

    [Fact]
    public async Task ReconcileAsync_OrderChanged_NewGenerationWithoutProbing()
    {
        await VerifiedAsync(Isp, Pop3("isp"));
        var reordered = Pop3("isp", order: 7);
        reordered["metadata"]!["generation"] = 2;
        Apply(reordered);

        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Equal(2, _prober.Started);
        Assert.All(_cache.Get(Isp)!.Server.Status!.Conditions!, c => Assert.Equal(2, c.ObservedGeneration));
        Assert.Equal(ConditionStatus.True, Condition(Isp, ConditionTypes.Ready).Status);
    }

    [Fact]
    public async Task ReconcileAsync_SharedOrder_WarnsNamingTheOtherServerUntilTheTieIsGone()
    {
        var other = new ObjectKey(Ns, "other");
        Apply(Pop3("isp", order: 5));
        Apply(Pop3("other", order: 5));
        Apply(Pop3("third", order: 6));

        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        Assert.StartsWith("spec.order: order 5 is also the order of other in this namespace", Assert.Single(OrderWarnings(Isp)), StringComparison.Ordinal);

        var moved = Pop3("other", order: 6);
        moved["metadata"]!["generation"] = 2;
        Apply(moved);
        await _reconciler.ReconcileAsync(Isp, CancellationToken.None);
        await _reconciler.ReconcileAsync(other, CancellationToken.None);

        Assert.Empty(OrderWarnings(Isp));
        Assert.Contains("of third in this namespace", Assert.Single(OrderWarnings(other)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileAsync_InvalidSpec_StalledWithoutProbing()
    {
        var invalid = Pop3("isp");
        invalid["spec"]!["incoming"]!["protocol"] = "IMAP4";
        invalid["spec"]!["incoming"]!["apop"] = true;
        Apply(invalid);

        var result = await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Equal(ConditionStatus.True, Condition(Isp, ConditionTypes.Stalled).Status);
        Assert.Contains("spec.incoming.apop", Condition(Isp, ConditionTypes.Valid).Message, StringComparison.Ordinal);
        Assert.Equal(0, _prober.Started);
        Assert.Null(result.RequeueAfter);
    }

    [Fact]
    public async Task ReconcileAsync_Deleted_ForgetsTheVerification()
    {
        await VerifiedAsync(Isp, Pop3("isp"));
        var verifier = _verifiers[^1];
        _cache.Remove(Isp);

        var result = await _reconciler.ReconcileAsync(Isp, CancellationToken.None);

        Assert.Null(verifier.Latest(Isp));
        Assert.Equal(ReconcileResult.Done, result);
    }

    [Fact]
    public async Task ReconcileAsync_BuiltInMissingInManagedNamespace_CreatesItLabelled()
    {
        Apply(Pop3("isp"));

        await _reconciler.ReconcileAsync(Gmail, CancellationToken.None);

        var created = _api.Stored(Ns, "gmail")!;
        Assert.Equal("true", created["metadata"]!["labels"]![BuiltInServers.BuiltInLabel]!.GetValue<string>());
        Assert.NotNull(_cache.Get(Gmail)); // written through, then its status written from it
        Assert.Equal(1, _api.Count("PATCH", "/mailservers/gmail/status"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)] // someone created it first: the watch brings it
    [InlineData(HttpStatusCode.Forbidden)] // the namespace is terminating
    [InlineData(HttpStatusCode.NotFound)] // the namespace is gone
    public async Task ReconcileAsync_BuiltInCreateRefused_NothingElseWrittenAndNoError(HttpStatusCode refusal)
    {
        Apply(Pop3("isp"));
        _api.CreateFailure = refusal;

        var result = await _reconciler.ReconcileAsync(Gmail, CancellationToken.None);

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Equal(["POST /apis/mailshare.io/v1alpha1/namespaces/tenant/mailservers"], _api.Requests);
        Assert.Null(_cache.Get(Gmail));
    }

    [Fact]
    public async Task ReconcileAsync_BuiltInCreateFailsOtherwise_ErrorReachesTheWorkersForBackoff()
    {
        Apply(Pop3("isp"));
        _api.CreateFailure = HttpStatusCode.InternalServerError;

        await Assert.ThrowsAnyAsync<Exception>(() => _reconciler.ReconcileAsync(Gmail, CancellationToken.None));
    }

    [Fact]
    public async Task ReconcileAsync_BuiltInNotInManagedNamespace_NotCreated()
    {
        await _reconciler.ReconcileAsync(Gmail, CancellationToken.None);

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task ReconcileAsync_GitOpsToolReappliesAnEditedBuiltIn_RevertedEachTimeWithOneAggregatedWarningEvent()
    {
        Apply(Pop3("isp"));
        await _reconciler.ReconcileAsync(Gmail, CancellationToken.None);

        for (var sync = 1; sync <= 2; sync++)
        {
            var edited = _api.Stored(Ns, "gmail")!.DeepClone().AsObject();
            edited["spec"]!["incoming"]!["host"] = "imap.attacker.example";
            edited["metadata"]!["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "argocd" };
            Apply(edited);

            await _reconciler.ReconcileAsync(Gmail, CancellationToken.None);

            var reverted = _api.Stored(Ns, "gmail")!;
            Assert.Equal("imap.gmail.com", reverted["spec"]!["incoming"]!["host"]!.GetValue<string>());
            Assert.Equal("true", reverted["metadata"]!["labels"]![BuiltInServers.BuiltInLabel]!.GetValue<string>());
            Assert.Equal("argocd", reverted["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
            Assert.Equal(sync, _api.Count("PATCH", "/mailservers/gmail"));
            Assert.True(BuiltInServers.Matches(_cache.Get(Gmail)!));
        }

        Assert.Equal(1, _api.EventReasons.Count(r => r == "BuiltInReverted")); // the identical second one is aggregated (rate-limited per object)
    }

    public void Dispose()
    {
        foreach (var verifier in _verifiers)
        {
            verifier.Dispose();
        }

        _client.Dispose();
        _api.Dispose();
        _prober.Dispose();
    }

    private MailServerReconciler NewOperator()
    {
        var options = new VerificationOptions();
        var verifier = new MailServerVerifier(_prober, new ProbeCredentialsReader(_client, TimeProvider.System), _verified.Enqueue, options, _time, NullLogger<MailServerVerifier>.Instance);
        _verifiers.Add(verifier);
        return new MailServerReconciler(
            _cache,
            _order,
            new DeletedBuiltIns(),
            new ManagedNamespaces(_cache, _namespaces),
            new MailServerWriter(_client, _cache, new RecordingServerHandler(), Leadership.Unconditional(_time)),
            new EventRecorder(_client, new EventCorrelator(_time, new EventRecorderOptions()), Leadership.Unconditional(_time), new OperatorIdentity("test"), NullLogger<EventRecorder>.Instance),
            verifier,
            options,
            _time,
            NullLogger<MailServerReconciler>.Instance);
    }

    private async Task VerifiedAsync(ObjectKey key, JsonObject document)
    {
        Apply(document);
        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        await WaitUntilAsync(() => _verified.Contains(key));
        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        Assert.Equal(ConditionStatus.True, Condition(key, ConditionTypes.Ready).Status);
    }

    private void Apply(JsonObject document)
    {
        var stored = _api.Put(Ns, document);
        var server = MailServerObject.From(JsonSerializer.SerializeToElement(stored));
        _cache.Upsert(server.Key, server);
        _order.Set(Ns, new OrderEntry(server.Key.Name, server.Server.Spec?.Order, server.Metadata.CreationTimestamp));
    }

    private List<string> OrderWarnings(ObjectKey key) =>
        [.. (_cache.Get(key)!.Server.Status!.Warnings ?? []).Where(w => w.StartsWith("spec.order:", StringComparison.Ordinal))];

    private MailServerCondition Condition(ObjectKey key, string type) => _cache.Get(key)!.Server.Status!.Conditions.Find(type)!;

    private static JsonObject Pop3(string name, int? order = null)
    {
        var spec = new JsonObject
        {
            ["displayName"] = name,
            ["incoming"] = new JsonObject { ["protocol"] = "POP3", ["host"] = "pop.example.jp", ["port"] = 995, ["retention"] = new JsonObject { ["leaveOnServer"] = true } },
            ["outgoing"] = new JsonObject { ["host"] = "smtp.example.jp", ["port"] = 587 },
            ["probe"] = new JsonObject { ["interval"] = "1h" },
        };
        if (order is not null)
        {
            spec["order"] = order;
        }

        return new JsonObject
        {
            ["apiVersion"] = MailServer.ApiVersionName,
            ["kind"] = MailServer.KindName,
            ["metadata"] = new JsonObject { ["name"] = name, ["generation"] = 1, ["uid"] = "u-" + name, ["creationTimestamp"] = "2026-11-28T08:00:00Z" },
            ["spec"] = spec,
        };
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Wait.UntilAsync(condition);
}
