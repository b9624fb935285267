using System.Globalization;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>Lists and watches the namespaces labelled <c>mailshare.io/managed=true</c>.</summary>
internal sealed class NamespaceSource(IKubernetes client) : IResourceSource<V1Namespace>
{
    private const string Selector = BuiltInServers.ManagedNamespaceLabel + "=true";

    public string? Namespace => null;

    public string Description => "namespaces labelled " + Selector;

    public async IAsyncEnumerable<ResourceList<V1Namespace>> ListAsync(string? notOlderThan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespaceAsync(labelSelector: Selector, cancellationToken: cancellationToken);
        yield return new ResourceList<V1Namespace>([.. list.Items], list.Metadata.ResourceVersion ?? "");
    }

    public async IAsyncEnumerable<(WatchEventType Type, V1Namespace Object)> WatchAsync(
        string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = "api/v1/namespaces?allowWatchBookmarks=true&labelSelector=" + Uri.EscapeDataString(Selector) + "&resourceVersion="
            + Uri.EscapeDataString(resourceVersion) + "&timeoutSeconds=" + ((int)serverTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await foreach (var (type, item) in WatchStream.ReadAsync((k8s.Kubernetes)client, path, onError, cancellationToken))
        {
            yield return (type, KubernetesJson.Deserialize<V1Namespace>(item.GetRawText()));
        }
    }

    public ResourceIdentity Identify(V1Namespace item) => new(new ObjectKey("", item.Metadata?.Name ?? ""), item.Metadata?.ResourceVersion ?? "");
}
