using System.Text.Json;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// The floor for memory and start-up: the least an informer can do, as client-go's dynamic informer does: list
/// (500 a page) into a map of unstructured objects, say "synced", then watch for changes. Runs as its own process.
/// </summary>
internal static class InformerFloor
{
    public static async Task<int> RunAsync(string kubeconfig, string @namespace)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var store = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? next = null, resourceVersion = null;
        do
        {
            var page = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
                Workload.Group, Workload.Version, @namespace, Workload.Plural, continueParameter: next, limit: 500);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                store[item.GetProperty("metadata").GetProperty("name").GetString()!] = item.Clone();
            }

            var metadata = page.GetProperty("metadata");
            resourceVersion ??= metadata.GetProperty("resourceVersion").GetString();
            next = metadata.TryGetProperty("continue", out var token) && token.GetString() is { Length: > 0 } more ? more : null;
        }
        while (next is not null);

        Console.WriteLine($"synced {store.Count}");
        var events = client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            Workload.Group, Workload.Version, @namespace, Workload.Plural, resourceVersion: resourceVersion, allowWatchBookmarks: true);
        await foreach (var (type, item) in events)
        {
            var element = ((JsonElement)item).Clone();
            if (element.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var name))
            {
                if (type == WatchEventType.Deleted)
                {
                    store.Remove(name.GetString()!);
                }
                else if (type != WatchEventType.Bookmark)
                {
                    store[name.GetString()!] = element;
                }
            }
        }

        return 0;
    }
}
