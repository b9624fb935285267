using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>Lists and watches MailServers in all namespaces, or in one.</summary>
internal sealed class MailServerSource(IKubernetes client, string? @namespace) : IResourceSource<MailServerObject>
{
    public string? Namespace => @namespace;

    public string Description => @namespace is null ? "mailservers (all namespaces)" : $"mailservers in {@namespace}";

    public async Task<ResourceList<MailServerObject>> ListAsync(CancellationToken cancellationToken)
    {
        var list = (JsonElement)(@namespace is null
            ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync(MailServer.Group, MailServer.Version, MailServer.Plural, cancellationToken: cancellationToken)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, cancellationToken: cancellationToken));
        var items = list.GetProperty("items").EnumerateArray().Select(MailServerObject.From).ToList();
        var resourceVersion = list.GetProperty("metadata").GetProperty("resourceVersion").GetString() ?? "";
        return new ResourceList<MailServerObject>(items, resourceVersion);
    }

    public async IAsyncEnumerable<(WatchEventType Type, MailServerObject Object)> WatchAsync(
        string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var timeoutSeconds = (int)serverTimeout.TotalSeconds;
        var events = @namespace is null
            ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                MailServer.Group, MailServer.Version, MailServer.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            yield return (type, MailServerObject.From((JsonElement)item));
        }
    }

    public ResourceIdentity Identify(MailServerObject item) => new(item.Key, item.ResourceVersion);
}
