using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>Lists (in pages) and watches MailServers in all namespaces, or in one.</summary>
internal sealed class MailServerSource(IKubernetes client, string? @namespace, int pageSize = MailServerSource.DefaultPageSize) : IResourceSource<MailServerObject>
{
    /// <summary>client-go's informers list 500 at a time: 10,000 objects never arrive as one giant response.</summary>
    public const int DefaultPageSize = 500;

    public string? Namespace => @namespace;

    public string Description => @namespace is null ? "mailservers (all namespaces)" : $"mailservers in {@namespace}";

    public async IAsyncEnumerable<ResourceList<MailServerObject>> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        string? next = null;
        do
        {
            var page = (JsonElement)(@namespace is null
                ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync(
                    MailServer.Group, MailServer.Version, MailServer.Plural, continueParameter: next, limit: pageSize, cancellationToken: cancellationToken)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync(
                    MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, continueParameter: next, limit: pageSize, cancellationToken: cancellationToken));
            var metadata = page.GetProperty("metadata");
            resourceVersion ??= metadata.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
            next = metadata.TryGetProperty("continue", out var token) && token.GetString() is { Length: > 0 } more ? more : null;
            yield return new ResourceList<MailServerObject>([.. page.GetProperty("items").EnumerateArray().Select(MailServerObject.From)], resourceVersion ?? "");
        }
        while (next is not null);
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
