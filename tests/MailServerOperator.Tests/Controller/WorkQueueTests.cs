using MailServerOperator.Api;
using MailServerOperator.Controller;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Controller;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Add_SameKeyTwiceWhileWaiting_IsHandedOutOnce()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);

        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(B, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_KeyBeingProcessed_IsQueuedAgainOnlyAfterDone()
    {
        using var queue = NewQueue();
        queue.Add(A);
        var key = await queue.GetAsync(CancellationToken.None);

        queue.Add(A);
        Assert.Equal(0, queue.Count);

        queue.Done(key!.Value);
        Assert.Equal(1, queue.Count);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddAfter_BeforeDelayElapses_IsNotReady()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public void AddAfter_LaterDueTimeForWaitingKey_KeepsEarliest()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(5));
        queue.AddAfter(A, TimeSpan.FromSeconds(60));

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_DoublesDelayUpToMaximum()
    {
        using var queue = NewQueue();

        var delays = Enumerable.Range(0, 20).Select(_ => queue.AddRateLimited(A)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(5), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), delays[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(20), delays[2]);
        Assert.Equal(TimeSpan.FromMinutes(5), delays[^1]);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
    }

    [Fact]
    public void AddRateLimited_Unreachable_CappedAtItsShorterMaximumAndStillCounted()
    {
        using var queue = NewQueue();

        var delays = Enumerable.Range(0, 20).Select(_ => queue.AddRateLimited(A, unreachable: true)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(5), delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(4), delays.Max());
        Assert.Equal(TimeSpan.FromSeconds(4), delays[^1]);
        Assert.Equal(20, queue.Failures(A));
        Assert.Equal(TimeSpan.FromMinutes(5), queue.AddRateLimited(A)); // any other failure: the doubled backoff
    }

    [Fact]
    public void Forget_AfterFailures_RestartsBackoffFromBase()
    {
        using var queue = NewQueue();
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);

        queue.Forget(A);

        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(A));
    }

    [Fact]
    public async Task GetAsync_AfterShutDown_ReturnsNull()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();

        Assert.Null(await waiting);
    }

    private WorkQueue NewQueue() => new(_time, new WorkQueueOptions());
}
