using MailServerOperator.Verification;

namespace MailServerOperator.Tests.Verification;

public sealed class FairProbeSlotsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcquireAsync_FreeSlots_GrantedAtOnceUpToTheBound()
    {
        var slots = new FairProbeSlots(2);

        await slots.AcquireAsync("a", CancellationToken.None);
        await slots.AcquireAsync("a", CancellationToken.None);
        var third = slots.AcquireAsync("a", CancellationToken.None);

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task Release_BusyNamespaceQueuedFirst_SlotGoesToTheNamespaceHoldingNone()
    {
        var slots = new FairProbeSlots(2);
        var busy = new[] { await slots.AcquireAsync("tarpits", CancellationToken.None), await slots.AcquireAsync("tarpits", CancellationToken.None) };
        var queuedFirst = Enumerable.Range(0, 5).Select(_ => slots.AcquireAsync("tarpits", CancellationToken.None)).ToList();
        var other = slots.AcquireAsync("other", CancellationToken.None);

        busy[0].Dispose();

        await other.WaitAsync(Wait);
        Assert.All(queuedFirst, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task Release_EquallyServedNamespaces_TakeTurns()
    {
        var slots = new FairProbeSlots(1);
        var held = await slots.AcquireAsync("x", CancellationToken.None);
        var a = new[] { slots.AcquireAsync("a", CancellationToken.None), slots.AcquireAsync("a", CancellationToken.None) };
        var b = new[] { slots.AcquireAsync("b", CancellationToken.None), slots.AcquireAsync("b", CancellationToken.None) };
        var order = new List<string>();

        held.Dispose();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            var next = await Task.WhenAny(a.Concat(b).Where(t => !order.Contains(Name(t))));
            order.Add(Name(next));
            (await next).Dispose();
        }

        Assert.Equal(["a0", "b0", "a1", "b1"], order);

        string Name(Task<IDisposable> t) => Array.IndexOf(a, t) is var i and >= 0 ? $"a{i}" : $"b{Array.IndexOf(b, t)}";
    }

    [Fact]
    public async Task Release_WaiterCancelled_SlotPassesToTheNextWaiter()
    {
        var slots = new FairProbeSlots(1);
        var held = await slots.AcquireAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync("b", cancel.Token);
        var next = slots.AcquireAsync("c", CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        await next.WaitAsync(Wait);
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOnce()
    {
        var slots = new FairProbeSlots(1);
        var held = await slots.AcquireAsync("a", CancellationToken.None);
        var first = slots.AcquireAsync("a", CancellationToken.None);
        var second = slots.AcquireAsync("a", CancellationToken.None);

        held.Dispose();
        held.Dispose();

        await first.WaitAsync(Wait);
        Assert.False(second.IsCompleted);
    }
}
