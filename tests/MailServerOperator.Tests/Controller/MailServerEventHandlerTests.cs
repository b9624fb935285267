using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Informers;
using Microsoft.Extensions.Time.Testing;
using static MailServerOperator.Tests.Controller.MailServerObjects;

namespace MailServerOperator.Tests.Controller;

public sealed class MailServerEventHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue _queue;
    private readonly ObjectStore<MailServerObject> _cache = new(o => o.ResourceVersion);
    private readonly DisplayOrderIndex _order = new();
    private readonly DeletedBuiltIns _deleted = new();
    private readonly ControllerOptions _options = new();
    private readonly MailServerEventHandler _handler;

    public MailServerEventHandlerTests()
    {
        _queue = new WorkQueue(_time, new WorkQueueOptions());
        _handler = new MailServerEventHandler(_queue, _cache, _order, _deleted, _options, _time);
    }

    [Fact]
    public void OnUpsert_BurstOfCreates_NothingUntilTheNamespaceSettlesThenEachOnceWithMissingBuiltIns()
    {
        for (var i = 0; i < 20; i++)
        {
            Add(Make($"s{i}", 20 - i));
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Empty(Drain(_queue));
        _time.Advance(_options.PositionSettleDelay);

        var keys = Drain(_queue);
        Assert.Equal(22, keys.Count);
        Assert.Contains("ns/gmail", keys);
        Assert.Contains("ns/exchange-online", keys);
        Assert.Equal(3, _order.PositionOf(new ObjectKey("ns", "s19")));
        Assert.Equal(22, _order.PositionOf(new ObjectKey("ns", "s0")));
    }

    [Fact]
    public void OnUpsert_ImportLongerThanTheMaxDelay_OverdueWritesOnlyNewServersAndEveryMovedOneOnceItIsQuiet()
    {
        _options.PositionMaxDelay = TimeSpan.FromSeconds(10);
        _options.PositionSettleMinDelay = _options.PositionSettleDelay; // a fixed quiet: creates 200 ms apart would settle once early (NamespaceSettlerTests)
        using var handler = new MailServerEventHandler(_queue, _cache, _order, _deleted, _options, _time);
        Settled(handler, Make("first", 1000));
        var written = new Dictionary<string, int>();
        var next = 0;

        // 25 s of creates, one every 200 ms, each placed before all earlier ones: two overdue publications.
        for (var i = 0; i < 125; i++)
        {
            Add(handler, Make($"s{i}", 999 - i));
            _time.Advance(TimeSpan.FromMilliseconds(200));
            Count(written, Drain(_queue));
            if (i == 49)
            {
                Assert.Equal(50, written.Count); // after 10 s: the 50 new servers; "first" merely moved and waits
                next = written.Count;
            }
        }

        Assert.True(written.Count > next, "the second overdue publication writes the servers created since the first");
        Assert.DoesNotContain("ns/first", written.Keys);
        Assert.All(written.Values, count => Assert.Equal(1, count));
        _time.Advance(_options.PositionSettleDelay);
        Count(written, Drain(_queue));

        Assert.Equal(1, written["ns/first"]);
        Assert.Equal(127, _order.PositionOf(new ObjectKey("ns", "s0")));
        Assert.Equal(128, _order.PositionOf(new ObjectKey("ns", "first")));
        Assert.Equal(126, written.Count);
        Assert.All(Enumerable.Range(100, 25), i => Assert.Equal(1, written[$"ns/s{i}"]));
    }

    [Fact]
    public void OnUpsert_SpecChangeThatKeepsTheOrder_EnqueuedAtOnce()
    {
        Settled(Make("a", 1), Make("b", 2));

        Update(Make("a", 1, resourceVersion: "2", generation: 2, displayName: "Renamed"));

        Assert.Equal(["ns/a"], Drain(_queue));
    }

    [Fact]
    public void OnUpsert_OrderChange_EnqueuesOnlyTheServersThatMovedAfterSettling()
    {
        Settled(Make("a", 10), Make("b", 20), Make("c", 30), Make("d", 40));

        Update(Make("d", 15, resourceVersion: "2", generation: 2));
        Assert.Empty(Drain(_queue));
        _time.Advance(_options.PositionSettleDelay);

        Assert.Equal(["ns/b", "ns/c", "ns/d"], Drain(_queue));
    }

    [Fact]
    public void OnUpsert_OrderJoinsThenLeavesATie_EnqueuesTheTiedServersAtOnce()
    {
        Settled(Make("a", 1), Make("b", 2), Make("c", 3));

        Update(Make("c", 1, resourceVersion: "2", generation: 2));
        Assert.Equal(["ns/a"], Drain(_queue));
        Assert.Equal(["a", "c"], _order.NamesWithOrder("ns", 1));

        Update(Make("c", 2, resourceVersion: "3", generation: 3));
        Assert.Equal(["ns/a", "ns/b"], Drain(_queue));
    }

    [Fact]
    public void OnDelete_ServerSharingAnOrder_ItsPartnerEnqueuedAtOnce()
    {
        Settled(Make("a", 1), Make("b", 1), Make("c", 2));

        Remove(Make("b", 1));

        Assert.Equal(["ns/a", "ns/b"], Drain(_queue));
    }

    [Fact]
    public void OnDelete_Server_ItsKeyAtOnceAndTheLaterServersAfterSettling()
    {
        Settled(Make("a", 1), Make("b", 2), Make("c", 3));

        Remove(Make("a", 1));
        Assert.Equal(["ns/a"], Drain(_queue));
        _time.Advance(_options.PositionSettleDelay);

        Assert.Equal(["ns/b", "ns/c"], Drain(_queue));
    }

    [Fact]
    public void OnDelete_BuiltIn_EnqueuedAtOnceAndRememberedForTheRecreatedEvent()
    {
        var gmail = Make("gmail", null);
        _cache.Upsert(gmail.Key, gmail);
        _handler.OnUpsert(null, gmail);
        Assert.Equal(["ns/gmail"], Drain(_queue));

        Remove(gmail);

        Assert.Equal(["ns/gmail"], Drain(_queue));
        Assert.True(_deleted.Take(gmail.Key));
        Assert.False(_deleted.Take(gmail.Key));
    }

    [Fact]
    public void OnUpsert_TwoNamespaces_PositionsIndependent()
    {
        Add(Make("a", 5, @namespace: "x"));
        Add(Make("b", 1, @namespace: "y"));
        Add(Make("c", 9, @namespace: "y"));
        _time.Advance(_options.PositionSettleDelay);

        Assert.Equal(3, _order.PositionOf(new ObjectKey("x", "a")));
        Assert.Equal(3, _order.PositionOf(new ObjectKey("y", "b")));
        Assert.Equal(4, _order.PositionOf(new ObjectKey("y", "c")));
        Assert.Equal(["x/a", "x/exchange-online", "x/gmail", "y/b", "y/c", "y/exchange-online", "y/gmail"], Drain(_queue));
    }

    [Fact]
    public void EnqueueNamespace_Pending_PublishesAtOnceAndEnqueuesEverything()
    {
        Settled(Make("a", 1));
        Add(Make("b", 2));

        _handler.EnqueueNamespace("ns");

        Assert.Equal(["ns/a", "ns/b", "ns/exchange-online", "ns/gmail"], Drain(_queue));
        Assert.Equal(4, _order.PositionOf(new ObjectKey("ns", "b")));
    }

    public void Dispose()
    {
        _handler.Dispose();
        _queue.Dispose();
    }

    private static void Count(Dictionary<string, int> written, List<string> keys)
    {
        foreach (var key in keys)
        {
            written[key] = written.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The servers created and settled, with the built-ins present, and the queue emptied.</summary>
    private void Settled(params MailServerObject[] servers) => Settled(_handler, servers);

    private void Settled(MailServerEventHandler handler, params MailServerObject[] servers)
    {
        foreach (var builtIn in new[] { Make("gmail", null), Make("exchange-online", null) })
        {
            _cache.Upsert(builtIn.Key, builtIn);
        }

        foreach (var server in servers)
        {
            Add(handler, server);
        }

        _time.Advance(_options.PositionSettleDelay);
        Drain(_queue);
    }

    private void Add(MailServerObject server) => Add(_handler, server);

    private void Add(MailServerEventHandler handler, MailServerObject server)
    {
        _cache.Upsert(server.Key, server);
        handler.OnUpsert(null, server);
    }

    private void Update(MailServerObject server)
    {
        var (_, previous) = _cache.Upsert(server.Key, server);
        _handler.OnUpsert(previous, server);
    }

    private void Remove(MailServerObject server)
    {
        _handler.OnDelete(_cache.Remove(server.Key) ?? server);
    }
}
