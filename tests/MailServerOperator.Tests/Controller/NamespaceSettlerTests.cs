using System.Collections.Concurrent;
using MailServerOperator.Controller;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Controller;

public sealed class NamespaceSettlerTests : IDisposable
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<string> _settled = new();
    private readonly ConcurrentQueue<string> _overdue = new();
    private readonly NamespaceSettler _settler;

    public NamespaceSettlerTests() => _settler = new NamespaceSettler(_time, Quiet, Quiet, Longest, (ns, quiet) => (quiet ? _settled : _overdue).Enqueue(ns));

    [Fact]
    public void Touch_Burst_SettlesOnceAfterItGoesQuiet()
    {
        for (var i = 0; i < 10; i++)
        {
            _settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Empty(_settled);
        _time.Advance(Quiet);

        Assert.Equal(["a"], _settled);
    }

    [Fact]
    public void Touch_NeverQuiet_OverdueAtTheLongestDelayThenSettledWhenQuiet()
    {
        for (var i = 0; i < 49; i++)
        {
            _settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Empty(_overdue);
        _settler.Touch("a");
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(["a"], _overdue);
        Assert.Empty(_settled);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Empty(_settled);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["a"], _settled);
        Assert.Equal(["a"], _overdue);
    }

    [Fact]
    public void Touch_OverdueAndStillBusy_OverdueOncePerLongestDelay()
    {
        for (var i = 0; i < 120; i++)
        {
            _settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(["a", "a"], _overdue); // at 5 s and at 10 s
        Assert.Empty(_settled);
        _time.Advance(Quiet);
        Assert.Equal(["a"], _settled);
        _time.Advance(Longest);
        Assert.Equal(["a"], _settled);
        Assert.Equal(2, _overdue.Count);
    }

    [Fact]
    public void Touch_QuietBeforeTheLongestDelay_NeverOverdue()
    {
        _settler.Touch("a");
        _time.Advance(Longest + Longest);

        Assert.Equal(["a"], _settled);
        Assert.Empty(_overdue);
    }

    [Fact]
    public void Touch_TwoNamespaces_SettleIndependently()
    {
        _settler.Touch("a");
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _settler.Touch("b");
        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(["a"], _settled);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["a", "b"], _settled);
    }

    [Fact]
    public void Flush_Waiting_SettlesNowAndNotAgain()
    {
        _settler.Touch("a");

        _settler.Flush("a");
        _time.Advance(Longest);

        Assert.Equal(["a"], _settled);
    }

    [Fact]
    public void Touch_FastBurst_SettlesTheShortestQuietAfterItsLastChange()
    {
        using var settler = Adaptive(out var settled);
        for (var i = 0; i < 100; i++)
        {
            settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(5)); // a longest gap of 5 ms: 10 x 5 ms is below the shortest quiet
        }

        _time.Advance(Shortest - TimeSpan.FromMilliseconds(6));
        Assert.Empty(settled);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], settled);
    }

    [Fact]
    public void Touch_BurstWithALongerGap_QuietIsTenTimesTheLongestGap()
    {
        using var settler = Adaptive(out var settled);
        settler.Touch("a");
        _time.Advance(TimeSpan.FromMilliseconds(20));
        settler.Touch("a");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        settler.Touch("a");

        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(settled);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], settled);
    }

    [Fact]
    public void Touch_SlowBurst_WaitsTheWholeQuiet()
    {
        using var settler = Adaptive(out var settled);
        for (var i = 0; i < 10; i++)
        {
            settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(80));
        }

        _time.Advance(Quiet - TimeSpan.FromMilliseconds(81));
        Assert.Empty(settled);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], settled);
    }

    [Fact]
    public void Touch_WriterSlowerThanTheShortestQuiet_OneEarlySettlementThenOneAtTheEnd()
    {
        using var settler = Adaptive(out var settled);
        for (var i = 0; i < 20; i++)
        {
            settler.Touch("a");
            _time.Advance(TimeSpan.FromMilliseconds(150));
        }

        Assert.Equal(["a"], settled); // after the first change: no gap known yet
        _time.Advance(Quiet);
        Assert.Equal(["a", "a"], settled);
    }

    [Fact]
    public void Touch_LongAfterTheLastSettlement_StartsFromTheShortestQuiet()
    {
        using var settler = Adaptive(out var settled);
        settler.Touch("a");
        _time.Advance(TimeSpan.FromMilliseconds(80));
        settler.Touch("a");
        _time.Advance(Quiet + Quiet);
        Assert.Equal(["a"], settled);

        settler.Touch("a");
        _time.Advance(Shortest);

        Assert.Equal(["a", "a"], settled);
    }

    [Fact]
    public void Touch_ManyNamespacesSettledLongAgo_OnlyTheRecentOnesAreRemembered()
    {
        for (var i = 0; i < 100; i++)
        {
            _settler.Touch($"gone-{i}");
        }

        _time.Advance(Quiet);
        Assert.Equal(100, _settler.RememberedCount);

        _time.Advance(Quiet);
        _settler.Touch("a");
        _time.Advance(Quiet);

        Assert.Equal(1, _settler.RememberedCount);
        Assert.Equal(101, _settled.Count);
    }

    public void Dispose() => _settler.Dispose();

    private NamespaceSettler Adaptive(out ConcurrentQueue<string> settled)
    {
        var calls = new ConcurrentQueue<string>();
        settled = calls;
        return new NamespaceSettler(_time, Shortest, Quiet, Longest, (ns, quiet) =>
        {
            Assert.True(quiet);
            calls.Enqueue(ns);
        });
    }
}
