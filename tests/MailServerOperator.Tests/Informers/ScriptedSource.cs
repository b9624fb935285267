using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Informers;

/// <summary>A resource source whose list results and watch streams the test scripts, recording every call.</summary>
internal sealed class ScriptedSource(string? listedNamespace = "ns") : IResourceSource<Item>
{
    private readonly Queue<IReadOnlyList<ResourceList<Item>>> _lists = new();
    private Channel<WatchStep> _current = Channel.CreateUnbounded<WatchStep>();
    private readonly Channel<string> _watchStarts = Channel.CreateUnbounded<string>();

    public string Description => "items";

    public string? Namespace => listedNamespace;

    public int ListCalls { get; private set; }

    /// <summary>Called with each page's index just before the page is handed out.</summary>
    public Action<int>? BeforePage { get; set; }

    public void NextList(string resourceVersion, params Item[] items) => _lists.Enqueue([new ResourceList<Item>(items, resourceVersion)]);

    /// <summary>A list that arrives in pages; a null page fails the list there (as an expired continue token would).</summary>
    public void NextPagedList(string resourceVersion, params Item[]?[] pages) =>
        _lists.Enqueue([.. pages.Select(page => page is null ? null! : new ResourceList<Item>(page, resourceVersion))]);

    /// <summary>Waits for the reflector to open its next watch and returns the resourceVersion it asked for.</summary>
    public async Task<string> NextWatchStartAsync() => await _watchStarts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public void Send(WatchEventType type, Item item) => _current.Writer.TryWrite(new WatchStep(type, item, null));

    public void Fail(Exception error) => _current.Writer.TryWrite(new WatchStep(null, null, error));

    public void Close() => _current.Writer.TryComplete();

    /// <summary>The notOlderThan of every list call, in order.</summary>
    public List<string?> ListedNotOlderThan { get; } = [];

    public async IAsyncEnumerable<ResourceList<Item>> ListAsync(string? notOlderThan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ListCalls++;
        ListedNotOlderThan.Add(notOlderThan);
        var pages = _lists.Count > 0 ? _lists.Dequeue() : throw new InvalidOperationException("no list scripted");
        foreach (var (page, index) in pages.Select((p, i) => (p, i)))
        {
            await Task.Yield();
            BeforePage?.Invoke(index);
            yield return page ?? throw new InvalidOperationException("the list failed after a page");
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, Item Object)> WatchAsync(
        string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _current = Channel.CreateUnbounded<WatchStep>();
        var steps = _current.Reader;
        _watchStarts.Writer.TryWrite(resourceVersion);
        await foreach (var step in steps.ReadAllAsync(cancellationToken))
        {
            if (step.Error is not null)
            {
                onError(step.Error);
                yield break;
            }

            yield return (step.Type!.Value, step.Item!);
        }
    }

    public ResourceIdentity Identify(Item item) => new(new ObjectKey(item.Namespace, item.Name), item.ResourceVersion);

    private sealed record WatchStep(WatchEventType? Type, Item? Item, Exception? Error);
}
