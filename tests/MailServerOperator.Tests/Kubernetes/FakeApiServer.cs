using System.Net;
using System.Text;
using k8s;

namespace MailServerOperator.Tests.Kubernetes;

/// <summary>Stands in for the API server at the HTTP level: records each request and answers with the next scripted response.</summary>
internal sealed class FakeApiServer : DelegatingHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _responses = new();
    private readonly List<(string Method, string Path, string ContentType, string Body)> _requests = [];

    public IReadOnlyList<(string Method, string Path, string ContentType, string Body)> Requests => _requests;

    public IKubernetes Client() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://api.test" }, this);

    /// <summary>When set and nothing is scripted, every request fails with this (a refused connection, say).</summary>
    public Exception? Unreachable { get; set; }

    /// <summary>When set and nothing is scripted, every request gets this status.</summary>
    public HttpStatusCode? Otherwise { get; set; }

    public void Respond(HttpStatusCode status, string body) => _responses.Enqueue((status, body));

    public void RespondStatus(HttpStatusCode status, string reason) =>
        Respond(status, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{reason}}","reason":"{{status}}","code":{{(int)status}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        (HttpStatusCode Status, string Body) response;
        lock (_requests)
        {
            _requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, request.Content?.Headers.ContentType?.MediaType ?? "", body));
            if (!_responses.TryDequeue(out response))
            {
                if (Unreachable is { } unreachable)
                {
                    throw unreachable;
                }

                response = Otherwise is { } status
                    ? (status, $$"""{"kind":"Status","message":"{{status}} from the test","reason":"{{status}}","code":{{(int)status}}}""")
                    : throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}");
            }
        }

        return new HttpResponseMessage(response.Status) { RequestMessage = request, Content = new StringContent(response.Body, Encoding.UTF8, "application/json") };
    }
}
