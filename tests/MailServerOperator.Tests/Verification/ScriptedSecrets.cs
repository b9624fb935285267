using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MailServerOperator.Tests.Verification;

/// <summary>Answers Secret reads by name from a script: a Secret document, a status code, or a hang (a timeout).</summary>
internal sealed class ScriptedSecrets : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpResponseMessage?>> _answers = new();
    private readonly ConcurrentQueue<string> _reads = new();

    public IReadOnlyList<string> Reads => [.. _reads];

    /// <summary>The creation time of every scripted Secret, unless it was changed later (<c>changedAt</c>).</summary>
    public static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Secret(string name, string? username, string? password, bool labelled, DateTimeOffset? changedAt = null)
    {
        var data = new JsonObject();
        if (username is not null)
        {
            data["username"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(username));
        }

        if (password is not null)
        {
            data["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
        }

        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["creationTimestamp"] = Timestamp(Created) };
        if (changedAt is { } changed)
        {
            metadata["managedFields"] = new JsonArray(
                new JsonObject { ["manager"] = "kubectl-create", ["operation"] = "Update", ["time"] = Timestamp(Created) },
                new JsonObject { ["manager"] = "kubectl-edit", ["operation"] = "Update", ["time"] = Timestamp(changed) });
        }

        if (labelled)
        {
            metadata["labels"] = new JsonObject { ["mailshare.io/probe-credentials"] = "true" };
        }

        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = metadata, ["data"] = data }.ToJsonString();
        _answers[name] = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public void Status(string name, HttpStatusCode code) =>
        _answers[name] = () => new HttpResponseMessage(code) { Content = new StringContent($"{{\"kind\":\"Status\",\"code\":{(int)code}}}", Encoding.UTF8, "application/json") };

    public void Hang(string name) => _answers[name] = () => null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var name = request.RequestUri!.AbsolutePath.Split('/')[^1];
        _reads.Enqueue(name);
        var answer = _answers.TryGetValue(name, out var script) ? script() : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}") };
        if (answer is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        answer!.RequestMessage = request;
        return answer;
    }
}
