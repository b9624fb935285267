using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Informers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Informers;

public sealed class ReflectorTests : IAsyncDisposable
{
    private readonly ScriptedSource _source = new();
    private readonly ObjectStore<Item> _store = new(i => i.ResourceVersion);
    private readonly RecordingHandler _handler = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ReflectorOptions _options = new() { SilenceDeadline = TimeSpan.FromMinutes(11) };
    private readonly List<Task> _running = [];

    [Fact]
    public async Task RunAsync_WatchClosedByServer_ResumesFromLastResourceVersionWithoutRelisting()
    {
        _source.NextList("10", new Item("a", "5"));
        Start();
        Assert.Equal("10", await _source.NextWatchStartAsync());

        _source.Send(WatchEventType.Modified, new Item("a", "12"));
        _source.Send(WatchEventType.Bookmark, new Item("", "15"));
        _source.Close();

        Assert.Equal("15", await _source.NextWatchStartAsync());
        Assert.Equal(1, _source.ListCalls);
        Assert.Equal(["add a@5", "update a@12"], _handler.Events);
    }

    [Fact]
    public async Task RunAsync_Gone_RelistsAndReportsWhatChangedMeanwhile()
    {
        _source.NextList("10", new Item("a", "5"), new Item("b", "6"));
        Start();
        await _source.NextWatchStartAsync();

        _source.NextList("30", new Item("b", "6"), new Item("c", "25"));
        _source.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));

        Assert.Equal("30", await _source.NextWatchStartAsync());
        Assert.Equal(2, _source.ListCalls);
        Assert.Equal(["add a@5", "add b@6", "add c@25", "delete a"], _handler.Events);
        Assert.Null(_store.Get(new ObjectKey("ns", "a")));
    }

    [Fact]
    public async Task RunAsync_PagedRelist_StoresEachPageBeforeTheNextAndDeletesOnlyWhatNoPageNamed()
    {
        _source.NextList("10", new Item("a", "5"), new Item("b", "6"), new Item("c", "7"));
        Start();
        await _source.NextWatchStartAsync();
        var storedBeforePage = new List<string?>();
        _source.BeforePage = index => storedBeforePage.Add(_store.Get(new ObjectKey("ns", "a"))?.ResourceVersion);

        // a changed (first page), b is unchanged (second page), c is gone, d is new.
        _source.NextPagedList("30", [new Item("a", "25")], [new Item("b", "6"), new Item("d", "28")]);
        _source.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));

        Assert.Equal("30", await _source.NextWatchStartAsync());
        Assert.Equal(["5", "25"], storedBeforePage); // the old a was replaced before the second page was read
        Assert.Equal(["add a@5", "add b@6", "add c@7", "update a@25", "add d@28", "delete c"], _handler.Events);
        Assert.Equal(["ns/a", "ns/b", "ns/d"], _store.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RelistFailsAfterAPage_KeepsWhatThePageBroughtDeletesNothingUntilAListCompletes()
    {
        _source.NextList("10", new Item("a", "5"), new Item("b", "6"));
        Start();
        await _source.NextWatchStartAsync();

        var bStoredBeforePage = new List<bool>();
        _source.BeforePage = _ => bStoredBeforePage.Add(_store.Get(new ObjectKey("ns", "b")) is not null);
        _source.NextPagedList("30", [new Item("a", "25")], null); // e.g. the continue token expired
        _source.NextPagedList("40", [new Item("a", "25")], []);
        var next = _source.NextWatchStartAsync();
        _source.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));
        while (!next.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50)); // the backoff before the list is tried again
            await Task.WhenAny(next, Task.Delay(10));
        }

        Assert.Equal("40", await next);
        Assert.Equal(3, _source.ListCalls);
        Assert.Equal([true, true, true, true], bStoredBeforePage); // the failed list deleted nothing
        Assert.Equal(["add a@5", "add b@6", "update a@25", "delete b"], _handler.Events);
    }

    [Fact]
    public async Task RunAsync_Relist_AsksForNoOlderThanTheLastVersionSeenAndKeepsWhatIsNewerThanTheList()
    {
        _source.NextList("10", new Item("a", "5"));
        Start();
        await _source.NextWatchStartAsync();
        _source.Send(WatchEventType.Modified, new Item("a", "12"));
        _source.Send(WatchEventType.Bookmark, new Item("", "15"));
        _store.Upsert(new ObjectKey("ns", "own"), new Item("own", "40")); // the operator's own write, stored before its event

        _source.NextList("30", new Item("a", "12"));
        _source.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));

        Assert.Equal("30", await _source.NextWatchStartAsync());
        Assert.Equal([null, "15"], _source.ListedNotOlderThan);
        Assert.Equal(["ns/a", "ns/own"], _store.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_handler.Events, e => e.StartsWith("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WatchError_ReconnectsAfterBackoffFromSameVersion()
    {
        _source.NextList("10");
        Start();
        await _source.NextWatchStartAsync();

        _source.Fail(new HttpOperationException("boom") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.InternalServerError), "") });
        var next = _source.NextWatchStartAsync();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        // The reflector may still be on its way to the backoff delay: step the clock until the watch reopens.
        while (!next.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(next, Task.Delay(10));
        }

        Assert.Equal("10", await next);
        Assert.Equal(1, _source.ListCalls);
    }

    [Fact]
    public async Task RunAsync_ApiServerDown_RetriesEveryFewSecondsAtMostThenPromptlyAfterAWatchThatDelivered()
    {
        var logger = new DelayLogger();
        _source.NextList("10");
        Start(logger: logger);
        await _source.NextWatchStartAsync();

        for (var i = 0; i < 10; i++)
        {
            await FailAndReconnectAsync(logger);
        }

        Assert.All(logger.Delays, d => Assert.True(d <= _options.MaxReconnectDelay, $"waited {d} before reconnecting"));
        Assert.All(logger.Delays.Skip(6), d => Assert.True(d >= _options.MaxReconnectDelay / 2, $"retried after only {d}"));
        Assert.True(logger.Delays[0] <= _options.MinReconnectDelay);

        _source.Send(WatchEventType.Modified, new Item("a", "11")); // the API server is back and answering
        await FailAndReconnectAsync(logger);

        Assert.True(logger.Delays[^1] <= _options.MinReconnectDelay, $"waited {logger.Delays[^1]} after a watch that delivered");
        Assert.Equal(1, _source.ListCalls);
    }

    [Fact]
    public async Task RunAsync_WatchSilentPastDeadline_RestartsIt()
    {
        _source.NextList("10");
        Start();
        await _source.NextWatchStartAsync();
        var next = _source.NextWatchStartAsync();

        _time.Advance(_options.SilenceDeadline);

        Assert.Equal("10", await next);
    }

    [Fact]
    public async Task RunAsync_EventOlderThanStored_DoesNotOverwriteNewerWrite()
    {
        _source.NextList("10", new Item("a", "5"));
        Start();
        await _source.NextWatchStartAsync();
        _store.Upsert(new ObjectKey("ns", "a"), new Item("a", "20"));

        _source.Send(WatchEventType.Modified, new Item("a", "18"));
        _source.Close();
        await _source.NextWatchStartAsync();

        Assert.Equal("20", _store.Get(new ObjectKey("ns", "a"))!.ResourceVersion);
        Assert.Equal(["add a@5"], _handler.Events);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RunAsync_OneReflectorPerNamespaceSharingAStore_RelistRemovesOnlyItsOwnNamespace(int namespaces)
    {
        var sources = Enumerable.Range(0, namespaces).Select(i => new ScriptedSource($"ns{i}")).ToList();
        foreach (var (source, i) in sources.Select((s, i) => (s, i)))
        {
            source.NextList("10", new Item("a", "5", $"ns{i}"), new Item("b", "6", $"ns{i}"));
            Start(source);
            await source.NextWatchStartAsync();
        }

        // The first namespace's watch expires; its fresh list lost "a". Every other namespace keeps both of its servers.
        sources[0].NextList("30", new Item("b", "6", "ns0"));
        sources[0].Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));
        await sources[0].NextWatchStartAsync();

        Assert.Equal(["ns0/b", .. Enumerable.Range(1, namespaces - 1).SelectMany(i => new[] { $"ns{i}/a", $"ns{i}/b" })],
            _store.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["delete a"], _handler.Events.Where(e => e.StartsWith("delete", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_AllNamespacesSource_RelistRemovesWhatAnyNamespaceLost()
    {
        var all = new ScriptedSource(listedNamespace: null);
        all.NextList("10", new Item("a", "5", "x"), new Item("a", "6", "y"));
        Start(all);
        await all.NextWatchStartAsync();

        all.NextList("30", new Item("a", "6", "y"));
        all.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));
        await all.NextWatchStartAsync();

        Assert.Equal([new ObjectKey("y", "a")], _store.Keys());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);

        _stop.Dispose();
    }

    private void Start(ScriptedSource? source = null, ILogger? logger = null)
    {
        var reflector = new Reflector<Item>(source ?? _source, _store, _handler, _options, _time, logger ?? NullLogger.Instance);
        _running.Add(Task.Run(() => reflector.RunAsync(_stop.Token)));
    }

    /// <summary>Fails the current watch (connection refused), waits for the reflector to choose its delay, and lets that much time pass.</summary>
    private async Task FailAndReconnectAsync(DelayLogger logger)
    {
        var chosen = logger.Delays.Count;
        var next = _source.NextWatchStartAsync();
        _source.Fail(new HttpRequestException("Connection refused (127.0.0.1:6443)"));
        await logger.WaitForDelayAsync(chosen + 1);
        _time.Advance(logger.Delays[^1] + TimeSpan.FromMilliseconds(1));
        Assert.Equal("10", await next);
    }

    /// <summary>Records the delays the reflector logs before reconnecting ("retrying in {DelayMs} ms").</summary>
    private sealed class DelayLogger : ILogger
    {
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_delays)
                {
                    return [.. _delays];
                }
            }
        }

        public async Task WaitForDelayAsync(int count)
        {
            for (var i = 0; Delays.Count < count; i++)
            {
                Assert.True(i < 1000, "the reflector chose no delay");
                await Task.Delay(10);
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "DelayMs").Value is double ms)
            {
                lock (_delays)
                {
                    _delays.Add(TimeSpan.FromMilliseconds(ms));
                }
            }
        }
    }
}
