using System.Runtime.CompilerServices;
using MailServerOperator.Informers;

namespace MailServerOperator.Hosting;

/// <summary>A resource source that reports its list and watch failures to <see cref="ListFailures"/> and passes everything on.</summary>
internal sealed class ObservedSource<T>(IResourceSource<T> inner, ListFailures failures) : IResourceSource<T>
{
    public string Description => inner.Description;

    public string? Namespace => inner.Namespace;

    public async IAsyncEnumerable<ResourceList<T>> ListAsync(string? notOlderThan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var pages = inner.ListAsync(notOlderThan, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await pages.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Record(inner.Description, ex);
                throw;
            }

            yield return pages.Current;
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = inner.WatchAsync(resourceVersion, serverTimeout, ex =>
        {
            failures.Record(inner.Description, ex);
            onError(ex);
        }, cancellationToken);
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    public ResourceIdentity Identify(T item) => inner.Identify(item);
}
