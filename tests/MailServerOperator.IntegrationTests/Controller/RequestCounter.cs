using System.Collections.Concurrent;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>Counts the operator's requests to the API server by method and path, to prove what it did and did not write.</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

    public int StatusWrites(string? name = null) =>
        _requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/status", StringComparison.Ordinal) && (name is null || r.Path.Contains($"/mailservers/{name}/", StringComparison.Ordinal)));

    public int Writes() => _requests.Count(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !r.Path.Contains("/leases/", StringComparison.Ordinal) && !r.Path.Contains("/events", StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue((request.Method.Method, request.RequestUri?.AbsolutePath ?? ""));
        return base.SendAsync(request, cancellationToken);
    }
}
