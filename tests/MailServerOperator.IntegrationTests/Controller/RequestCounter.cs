using System.Collections.Concurrent;
using System.Net;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>Counts the operator's requests to the API server by method and path, to prove what it did and did not write (and what it was refused).</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();
    private readonly ConcurrentQueue<string> _forbidden = new();

    /// <summary>Every request the API server refused with 403 Forbidden, as <c>METHOD path</c>.</summary>
    public IReadOnlyList<string> Forbidden => [.. _forbidden];

    public int StatusWrites(string? name = null) =>
        _requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/status", StringComparison.Ordinal) && (name is null || r.Path.Contains($"/mailservers/{name}/", StringComparison.Ordinal)));

    /// <summary>Events created (POST to an events collection, core or events.k8s.io).</summary>
    public int EventWrites() => _requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal));

    /// <summary>Requests for the Secret <paramref name="name"/> (reads by name).</summary>
    public int SecretReads(string name) => _requests.Count(r => r.Method == "GET" && r.Path.EndsWith($"/secrets/{name}", StringComparison.Ordinal));

    public int Writes() => _requests.Count(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !r.Path.Contains("/leases", StringComparison.Ordinal) && !r.Path.Contains("/events", StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        _requests.Enqueue((request.Method.Method, path));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            _forbidden.Enqueue($"{request.Method.Method} {path}");
        }

        return response;
    }
}
