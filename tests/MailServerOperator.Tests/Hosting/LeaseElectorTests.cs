using MailServerOperator.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Hosting;

public sealed class LeaseElectorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryLeaseApi _leases = new();
    private readonly LeaderElectionOptions _options = new();

    [Fact]
    public async Task TryAcquireOrRenewAsync_NoLease_CreatesItHeldHere()
    {
        var elector = Elector("a");

        Assert.NotNull(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        Assert.Equal("a", _leases.Current!.Spec.HolderIdentity);
        Assert.Equal(15, _leases.Current.Spec.LeaseDurationSeconds);
        Assert.Equal(0, _leases.Current.Spec.LeaseTransitions);
        Assert.True(elector.HasWritten);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_HeldElsewhere_WaitsALeaseDurationOfNoChangeBeforeTakingOver()
    {
        _leases.HeldBy("b");
        var elector = Elector("a");
        Assert.Null(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Null(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("b", elector.ObservedHolder);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("a", _leases.Current!.Spec.HolderIdentity);
        Assert.Equal(1, _leases.Current.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_HolderKeepsRenewing_NeverTakesOver()
    {
        _leases.HeldBy("b");
        var elector = Elector("a");
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(2));
            _leases.HeldBy("b"); // b renews: a new resourceVersion
        }

        Assert.Equal("b", _leases.Current!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_Released_TakesOverAtOnce()
    {
        var first = Elector("b");
        await first.TryAcquireOrRenewAsync(CancellationToken.None);
        var second = Elector("a");
        Assert.Null(await second.TryAcquireOrRenewAsync(CancellationToken.None));

        Assert.True(await first.ReleaseAsync(CancellationToken.None));

        Assert.NotNull(await second.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("a", _leases.Current!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_HeldHere_RenewsKeepingAcquireTime()
    {
        var elector = Elector("a");
        await elector.TryAcquireOrRenewAsync(CancellationToken.None);
        var acquired = _leases.Current!.Spec.AcquireTime;
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.NotNull(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        Assert.Equal(acquired, _leases.Current!.Spec.AcquireTime);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, _leases.Current.Spec.RenewTime);
        Assert.Equal(0, _leases.Current.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_TwoCandidatesRaceForAnExpiredLease_OneWins()
    {
        _leases.HeldBy("c");
        var a = Elector("a");
        var b = Elector("b");
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        await b.TryAcquireOrRenewAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.NotNull(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Null(await b.TryAcquireOrRenewAsync(CancellationToken.None)); // a's record is new to b: it waits again
        Assert.Equal("a", _leases.Current!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task ReleaseAsync_HeldElsewhere_LeavesItAlone()
    {
        _leases.HeldBy("b");
        var writes = _leases.Writes;

        Assert.False(await Elector("a").ReleaseAsync(CancellationToken.None));

        Assert.Equal(writes, _leases.Writes);
        Assert.Equal("b", _leases.Current!.Spec.HolderIdentity);
    }

    private LeaseElector Elector(string identity) => new(_leases, _options, identity, _time);
}
