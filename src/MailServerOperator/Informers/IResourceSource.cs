namespace MailServerOperator.Informers;

/// <summary>How a reflector lists and watches one kind of object; everything else about list+watch is generic.</summary>
internal interface IResourceSource<T>
{
    string Description { get; }

    /// <summary>The one namespace this source lists, or null when it lists every namespace (or a cluster-scoped kind).</summary>
    string? Namespace { get; }

    /// <summary>
    /// Lists every object, one page at a time, so that a caller can store a page before the next one is read and never
    /// holds the whole list besides what it already stores. The list's resourceVersion is the last non-empty one a
    /// page carries. <paramref name="notOlderThan"/> is the last version the caller saw (null at first): a source may
    /// serve the list from a cache that is at least that new.
    /// </summary>
    IAsyncEnumerable<ResourceList<T>> ListAsync(string? notOlderThan, CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, CancellationToken cancellationToken);

    ResourceIdentity Identify(T item);
}
