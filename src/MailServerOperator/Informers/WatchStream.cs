using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Informers;

/// <summary>
/// A watch read from the client's own HttpClient (its handlers, connections and TLS settings), one event a line, as
/// KubernetesClient's watch helper did (KubernetesClient.Aot has none): a failed request throws
/// <see cref="HttpOperationException"/>, a <c>Status</c> event (410 Gone, say) and a line that is not an event go to
/// <c>onError</c>, and the events end when the API server ends the response.
/// </summary>
internal static class WatchStream
{
    /// <summary>The events of a watch of <paramref name="path"/>: the collection's path relative to the API server, with or without a query (not <c>watch</c>).</summary>
    public static async IAsyncEnumerable<(WatchEventType Type, JsonElement Object)> ReadAsync(
        k8s.Kubernetes client, string path, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await KubernetesRequests.GetAsync(client, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "watch=true", cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var lines = new StreamReader(stream);
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Parse(line, onError) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    internal static (WatchEventType Type, JsonElement Object)? Parse(string line, Action<Exception> onError)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var item = root.GetProperty("object");
            if (item.TryGetProperty("kind", out var kind) && kind.ValueEquals("Status"))
            {
                onError(new KubernetesException(KubernetesJson.Deserialize<V1Status>(item.GetRawText())));
                return null;
            }

            return (Enum.Parse<WatchEventType>(root.GetProperty("type").GetString()!, ignoreCase: true), item.Clone());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            onError(ex);
            return null;
        }
    }
}
