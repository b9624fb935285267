using MailServerOperator.Api;
using MailServerOperator.Kubernetes;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class EventCorrelatorTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");
    private readonly FakeTimeProvider _time = new();
    private readonly EventRecorderOptions _options = new();
    private readonly EventCorrelator _correlator;

    public EventCorrelatorTests() => _correlator = new EventCorrelator(_time, _options);

    [Fact]
    public void Decide_IdenticalEventWithinWindow_CountsUpTheFirstOnesSeries()
    {
        var first = Decide(A, "Ready=False: timed out");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = Decide(A, "Ready=False: timed out");
        var third = Decide(A, "Ready=False: timed out");

        Assert.Equal(EventAction.Create, first.Action);
        Assert.Equal((EventAction.CountUp, first.Name, 2), (second.Action, second.Name, second.Count));
        Assert.Equal(3, third.Count);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, third.At);
    }

    [Fact]
    public void Decide_DifferentNoteOrObject_NewEvents()
    {
        var first = Decide(A, "Ready=False: timed out");

        Assert.NotEqual(first.Name, Decide(A, "Ready=True: verified").Name);
        Assert.Equal(EventAction.Create, Decide(B, "Ready=False: timed out").Action);
    }

    [Fact]
    public void Decide_IdenticalEventAfterWindow_NewEvent()
    {
        var first = Decide(A, "note");
        _time.Advance(_options.AggregationWindow);

        var later = Decide(A, "note");

        Assert.Equal(EventAction.Create, later.Action);
        Assert.NotEqual(first.Name, later.Name);
    }

    [Fact]
    public void Decide_FlappingObject_BurstThenOnePerRefillInterval()
    {
        var sent = Enumerable.Range(0, 100).Count(i => Decide(A, i % 2 == 0 ? "Ready=False" : "Ready=True").Action != EventAction.Drop);
        Assert.Equal(_options.Burst, sent);
        Assert.Equal(EventAction.Create, Decide(B, "Ready=False").Action); // another object has its own budget

        _time.Advance(_options.RefillInterval);
        Assert.NotEqual(EventAction.Drop, Decide(A, "Ready=False").Action);
        Assert.Equal(EventAction.Drop, Decide(A, "Ready=False").Action);
    }

    [Fact]
    public void Decide_ManyObjects_MemoryStaysBounded()
    {
        var options = new EventRecorderOptions { MaxTracked = 100 };
        var correlator = new EventCorrelator(_time, options);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(EventAction.Create, correlator.Decide(new ObjectKey("ns", $"s{i}"), null, "Normal", "R", "n").Action);
        }

        Assert.InRange(correlator.Tracked, 1, options.MaxTracked);
    }

    [Fact]
    public void Forget_SeriesEventGone_NextIsCreated()
    {
        Decide(A, "note");
        _correlator.Forget(A, "uid", "Warning", "Reason", "note");

        Assert.Equal(EventAction.Create, Decide(A, "note").Action);
    }

    private EventDecision Decide(ObjectKey key, string note) => _correlator.Decide(key, "uid", "Warning", "Reason", note);
}
