using k8s;

namespace MailServerOperator.Informers;

/// <summary>How a reflector lists and watches one kind of object; everything else about list+watch is generic.</summary>
internal interface IResourceSource<T>
{
    string Description { get; }

    /// <summary>The one namespace this source lists, or null when it lists every namespace (or a cluster-scoped kind).</summary>
    string? Namespace { get; }

    /// <summary>
    /// Lists every object, one page at a time (each page carries the list's resourceVersion), so that a caller can
    /// store a page before the next one is read and never holds the whole list besides what it already stores.
    /// </summary>
    IAsyncEnumerable<ResourceList<T>> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, CancellationToken cancellationToken);

    ResourceIdentity Identify(T item);
}
