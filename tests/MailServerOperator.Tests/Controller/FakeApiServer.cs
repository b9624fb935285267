using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MailServerOperator.Tests.Controller;

/// <summary>
/// Just enough of the API server for <c>MailServerWriter</c> and <c>EventRecorder</c>: it keeps MailServers as JSON,
/// applies their status and spec JSON patches, accepts Events, and answers a create with a scripted failure when told.
/// Every request is recorded as <c>METHOD path</c>.
/// </summary>
internal sealed class FakeApiServer : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _eventReasons = new();
    private int _resourceVersion = 100;

    /// <summary>When set, a MailServer create is answered with this status code (409, 403, 404...).</summary>
    public HttpStatusCode? CreateFailure { get; set; }

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The reason of every Event created, in order.</summary>
    public IReadOnlyList<string> EventReasons => [.. _eventReasons];

    public int Count(string method, string pathEnd) =>
        _requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.EndsWith(pathEnd, StringComparison.Ordinal));

    public JsonObject? Stored(string @namespace, string name) => _objects.GetValueOrDefault($"{@namespace}/{name}");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await AnswerAsync(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        _requests.Enqueue($"{request.Method.Method} {path}");
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ns = segments[Array.IndexOf(segments, "namespaces") + 1];

        if (path.EndsWith("/events", StringComparison.Ordinal))
        {
            _eventReasons.Enqueue(body!["reason"]!.GetValue<string>());
            return Json(HttpStatusCode.Created, body!);
        }

        if (request.Method == HttpMethod.Post)
        {
            if (CreateFailure is { } failure)
            {
                return Json(failure, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["code"] = (int)failure });
            }

            var created = body!.AsObject();
            created["metadata"]!["uid"] = Guid.NewGuid().ToString();
            created["metadata"]!["generation"] = 1;
            created["metadata"]!["creationTimestamp"] = "2026-11-28T09:00:00Z";
            return Store(ns, created["metadata"]!["name"]!.GetValue<string>(), created, HttpStatusCode.Created);
        }

        var name = segments[Array.IndexOf(segments, "mailservers") + 1];
        var current = Stored(ns, name)!.DeepClone().AsObject();
        foreach (var op in body!.AsArray())
        {
            Apply(current, op!["path"]!.GetValue<string>(), op["value"]!.DeepClone());
        }

        return Store(ns, name, current, HttpStatusCode.OK);
    }

    /// <summary>Puts an object into the store as a user's kubectl apply would.</summary>
    public JsonObject Put(string @namespace, JsonObject document)
    {
        document["metadata"]!["namespace"] = @namespace;
        Store(@namespace, document["metadata"]!["name"]!.GetValue<string>(), document, HttpStatusCode.OK);
        return document;
    }

    private HttpResponseMessage Store(string @namespace, string name, JsonObject document, HttpStatusCode code)
    {
        document["metadata"]!["resourceVersion"] = Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[$"{@namespace}/{name}"] = document;
        return Json(code, document.DeepClone());
    }

    private static void Apply(JsonObject document, string pointer, JsonNode value)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        var parent = document;
        foreach (var part in parts[..^1])
        {
            parent = (parent[part] ??= new JsonObject()).AsObject();
        }

        parent[parts[^1]] = value;
    }

    private static HttpResponseMessage Json(HttpStatusCode code, JsonNode body) =>
        new(code) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
