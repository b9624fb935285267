using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class MailServerWriterTests : IDisposable
{
    private const string StatusPath = "/apis/mailshare.io/v1alpha1/namespaces/ns/mailservers/isp/status";
    private readonly FakeApiServer _api = new();
    private readonly ObjectStore<MailServerObject> _cache = new(o => o.ResourceVersion);
    private readonly RecordingServerHandler _handler = new();
    private readonly Leadership _leadership = Leadership.Unconditional(new FakeTimeProvider());
    private readonly MailServerWriter _writer;

    public MailServerWriterTests() => _writer = new MailServerWriter(_api.Client(), _cache, _handler, _leadership);

    [Fact]
    public async Task PatchStatusAsync_SendsTheResourceVersionAsPreconditionAndTheWholeStatus_StoresTheResult()
    {
        var current = Server("isp", "7");
        _api.Respond(HttpStatusCode.OK, Json("isp", "8", """{"position":3}"""));

        await _writer.PatchStatusAsync(current, new MailServerStatus { Position = 3, ObservedGeneration = 1 }, CancellationToken.None);

        var (method, path, contentType, body) = Assert.Single(_api.Requests);
        Assert.Equal(("PATCH", StatusPath, "application/json-patch+json"), (method, path, contentType));
        var patch = JsonNode.Parse(body)!.AsArray();
        Assert.Equal("""{"op":"replace","path":"/metadata/resourceVersion","value":"7"}""", patch[0]!.ToJsonString());
        Assert.Equal(("add", "/status", 3), ((string?)patch[1]!["op"], (string?)patch[1]!["path"], (int?)patch[1]!["value"]!["position"]));
        Assert.Equal("8", _cache.Get(new ObjectKey("ns", "isp"))!.ResourceVersion);
        Assert.Empty(_handler.Events); // a status write changes nothing the handler indexes
    }

    [Fact]
    public async Task PatchStatusAsync_Conflict_ThrowsAConflictAndLeavesTheCacheAlone()
    {
        var current = Server("isp", "7");
        _cache.Upsert(current.Key, current);
        _api.RespondStatus(HttpStatusCode.Conflict, "the object has been modified; please apply your changes to the latest version and try again");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _writer.PatchStatusAsync(current, new MailServerStatus { Position = 3 }, CancellationToken.None));

        Assert.True(KubernetesErrors.IsConflict(error));
        Assert.Equal("7", _cache.Get(current.Key)!.ResourceVersion);
    }

    [Fact]
    public async Task PatchStatusAsync_NotLeading_RefusedWithoutARequest()
    {
        using var leadership = new Leadership(new FakeTimeProvider());
        var writer = new MailServerWriter(_api.Client(), _cache, _handler, leadership);

        await Assert.ThrowsAsync<NotLeaderException>(() => writer.PatchStatusAsync(Server("isp", "7"), new MailServerStatus(), CancellationToken.None));
        await Assert.ThrowsAsync<NotLeaderException>(() => writer.CreateBuiltInAsync("ns", ReservedMailServerNames.Gmail, CancellationToken.None));
        await Assert.ThrowsAsync<NotLeaderException>(() => writer.RevertBuiltInAsync(Server(ReservedMailServerNames.Gmail, "3"), CancellationToken.None));

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task CreateBuiltInAsync_Created_PostsThePublishedSpecWithTheLabelAndStoresIt()
    {
        _api.Respond(HttpStatusCode.Created, Json(ReservedMailServerNames.Gmail, "5"));

        Assert.True(await _writer.CreateBuiltInAsync("ns", ReservedMailServerNames.Gmail, CancellationToken.None));

        var (method, path, _, body) = Assert.Single(_api.Requests);
        Assert.Equal(("POST", "/apis/mailshare.io/v1alpha1/namespaces/ns/mailservers"), (method, path));
        var sent = JsonNode.Parse(body)!;
        Assert.Equal("true", (string?)sent["metadata"]!["labels"]![BuiltInServers.BuiltInLabel]);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(BuiltInServers.SpecFor(ReservedMailServerNames.Gmail), MailServerJson.Options), sent["spec"]));
        Assert.NotNull(_cache.Get(new ObjectKey("ns", ReservedMailServerNames.Gmail)));
        Assert.Equal(["add gmail@5"], _handler.Events); // the watch event for it will be skipped: the handler hears it here
    }

    [Fact]
    public async Task CreateBuiltInAsync_WatchEventCameFirst_HandlerNotToldTwice()
    {
        var watched = Server(ReservedMailServerNames.Gmail, "5");
        _cache.Upsert(watched.Key, watched); // the reflector stored it and told the handler itself
        _api.Respond(HttpStatusCode.Created, Json(ReservedMailServerNames.Gmail, "5"));

        Assert.True(await _writer.CreateBuiltInAsync("ns", ReservedMailServerNames.Gmail, CancellationToken.None));

        Assert.Empty(_handler.Events);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)] // created meanwhile: the watch brings it
    [InlineData(HttpStatusCode.Forbidden)] // the namespace is terminating
    [InlineData(HttpStatusCode.NotFound)] // the namespace is gone
    public async Task CreateBuiltInAsync_Refused_FalseAndNothingCached(HttpStatusCode status)
    {
        _api.RespondStatus(status, "refused");

        Assert.False(await _writer.CreateBuiltInAsync("ns", ReservedMailServerNames.ExchangeOnline, CancellationToken.None));

        Assert.Null(_cache.Get(new ObjectKey("ns", ReservedMailServerNames.ExchangeOnline)));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task CreateBuiltInAsync_OtherFailures_Throw(HttpStatusCode status)
    {
        _api.RespondStatus(status, "failed");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _writer.CreateBuiltInAsync("ns", ReservedMailServerNames.Gmail, CancellationToken.None));

        Assert.Equal(status, error.Response.StatusCode);
    }

    [Fact]
    public async Task RevertBuiltInAsync_LabelsMissing_PatchesSpecAndLabelsConditionally()
    {
        var edited = Server(ReservedMailServerNames.Gmail, "9");
        _api.Respond(HttpStatusCode.OK, Json(ReservedMailServerNames.Gmail, "10"));

        await _writer.RevertBuiltInAsync(edited, CancellationToken.None);

        var (method, path, contentType, body) = Assert.Single(_api.Requests);
        Assert.Equal(("PATCH", "/apis/mailshare.io/v1alpha1/namespaces/ns/mailservers/gmail", "application/json-patch+json"), (method, path, contentType));
        var patch = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(["replace /metadata/resourceVersion", "add /spec", "add /metadata/labels"], patch.Select(p => $"{p!["op"]} {p["path"]}"));
        Assert.Equal("9", (string?)patch[0]!["value"]);
        Assert.Equal("10", _cache.Get(edited.Key)!.ResourceVersion);
        Assert.Equal(["add gmail@10"], _handler.Events);
    }

    [Fact]
    public async Task RevertBuiltInAsync_Conflict_Throws()
    {
        _api.RespondStatus(HttpStatusCode.Conflict, "modified");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _writer.RevertBuiltInAsync(Server(ReservedMailServerNames.Gmail, "9"), CancellationToken.None));

        Assert.True(KubernetesErrors.IsConflict(error));
    }

    public void Dispose()
    {
        _leadership.Dispose();
        _api.Dispose();
    }

    private static MailServerObject Server(string name, string resourceVersion) =>
        MailServerObject.From(JsonDocument.Parse(Json(name, resourceVersion)).RootElement);

    private static string Json(string name, string resourceVersion, string status = "null") => $$$"""
        {"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer",
         "metadata":{"name":"{{{name}}}","namespace":"ns","resourceVersion":"{{{resourceVersion}}}","generation":1},
         "spec":{"displayName":"ISP","incoming":{"protocol":"POP3","host":"pop.example.com"},"outgoing":{"host":"smtp.example.com"}},
         "status":{{{status}}}
        }
        """;
}
