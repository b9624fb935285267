using MailServerOperator.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Hosting;

public sealed class LeadershipTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly Leadership _leadership;

    public LeadershipTests() => _leadership = new Leadership(_time);

    [Fact]
    public void EnsureLeading_NoTerm_Throws()
    {
        Assert.False(_leadership.IsLeading);
        Assert.Throws<NotLeaderException>(_leadership.EnsureLeading);
    }

    [Fact]
    public void Begin_NotRenewed_FencesItselfAtTheDeadline()
    {
        var term = _leadership.Begin(Deadline);
        _time.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        _leadership.EnsureLeading();

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(term.Lost.IsCancellationRequested);
        Assert.Throws<NotLeaderException>(_leadership.EnsureLeading);
    }

    [Fact]
    public void Renewed_ExtendsFromWhenTheRenewalBegan()
    {
        var term = _leadership.Begin(Deadline);
        _time.Advance(TimeSpan.FromSeconds(8));
        var renewStarted = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1)); // the renewal took a second
        _leadership.Renewed(renewStarted, Deadline);

        _time.Advance(TimeSpan.FromSeconds(8.9));
        Assert.True(_leadership.IsLeading);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(term.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task EndAsync_TermTaken_ReturnsOnlyOnceTheWorkHasStopped()
    {
        _leadership.Begin(Deadline);
        var term = await _leadership.NextTermAsync(CancellationToken.None);

        var ending = _leadership.EndAsync();

        Assert.True(term.Lost.IsCancellationRequested);
        Assert.False(_leadership.IsLeading);
        Assert.False(ending.IsCompleted);
        term.Stopped();
        await ending.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task EndAsync_TermNeverTaken_ReturnsAtOnce()
    {
        _leadership.Begin(Deadline);

        await _leadership.EndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task NextTermAsync_AfterATermEnded_WaitsForTheNextOne()
    {
        _leadership.Begin(Deadline);
        await _leadership.EndAsync();

        var next = _leadership.NextTermAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        var begun = _leadership.Begin(Deadline);

        Assert.Same(begun, await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task NextTermAsync_TermLostButNotYetEnded_DoesNotHandTheSameTermOutAgain()
    {
        _leadership.Begin(Deadline);
        var term = await _leadership.NextTermAsync(CancellationToken.None);
        _time.Advance(Deadline); // lost by the clock; the elector has not ended it yet
        term.Stopped();

        var next = _leadership.NextTermAsync(CancellationToken.None);
        await _leadership.EndAsync();
        Assert.False(next.IsCompleted);
        var begun = _leadership.Begin(Deadline);

        Assert.Same(begun, await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Begin_WhileATermIsCurrent_Throws()
    {
        _leadership.Begin(Deadline);

        Assert.Throws<InvalidOperationException>(() => _leadership.Begin(Deadline));
    }

    [Fact]
    public void Unconditional_LeadsForever()
    {
        using var leadership = Leadership.Unconditional(_time);

        _time.Advance(TimeSpan.FromDays(400));

        leadership.EnsureLeading();
    }

    public void Dispose() => _leadership.Dispose();
}
