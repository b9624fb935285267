using System.Net;
using MailServerOperator.Hosting;
using MailServerOperator.Kubernetes;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Hosting;

public sealed class LeaderElectionServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryLeaseApi _leases = new();
    private readonly LeaderElectionOptions _options = new() { LeaseNamespace = "operators" };
    private readonly Leadership _leadership;
    private readonly OperatorHealth _health;
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly LeaderElectionService _service;

    public LeaderElectionServiceTests()
    {
        _leadership = new Leadership(_time);
        _health = new OperatorHealth(_leadership);
        _service = new LeaderElectionService(
            new LeaseElector(_leases, _options, "me", _time), _options, _leadership, _health, new FatalError(_health, _lifetime),
            new OperatorIdentity("me"), _time, NullLogger<LeaderElectionService>.Instance);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "cannot take part in leader election: the namespace \"operators\" of the leader Lease does not exist (--lease-namespace)")]
    [InlineData(HttpStatusCode.Forbidden, "cannot take part in leader election: not allowed to get, create or update lease ns/operator (RBAC)")]
    public async Task ExecuteAsync_LeaseUnwritableAtStartUp_FatalWithOneLine(HttpStatusCode status, string reason)
    {
        _leases.FailWith = status;
        await StartAsync();

        await AdvanceUntilAsync(() => _lifetime.ApplicationStopping.IsCancellationRequested);

        Assert.StartsWith(reason, _health.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', _health.Failure!);
        Assert.False(_health.Leading);
    }

    [Fact]
    public async Task ExecuteAsync_ServerErrorAtStartUp_KeepsTrying()
    {
        _leases.FailWith = HttpStatusCode.InternalServerError;
        await StartAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        _leases.FailWith = null;

        await AdvanceUntilAsync(() => _health.Leading);
        Assert.Null(_health.Failure);
    }

    [Fact]
    public async Task ExecuteAsync_RenewalsFailAfterLeading_LosesTheTermAtTheRenewDeadlineButIsNotFatal()
    {
        await StartAsync();
        await AdvanceUntilAsync(() => _health.Leading);
        var term = await _leadership.NextTermAsync(CancellationToken.None);
        var lastRenewal = _time.GetUtcNow();

        _leases.FailWith = HttpStatusCode.Forbidden; // RBAC taken away while running
        await AdvanceUntilAsync(() => term.Lost.IsCancellationRequested);

        Assert.InRange(_time.GetUtcNow() - lastRenewal, _options.RenewDeadline - _options.RetryPeriod, _options.RenewDeadline + Step);
        Assert.False(_health.Leading);
        Assert.Null(_health.Failure);
        term.Stopped();
    }

    [Fact]
    public async Task ExecuteAsync_AcquiredByASlowRequest_RenewsAtOnceSoTheTermOutlivesItsFirstRetryPeriod()
    {
        var slow = 1; // the first request takes 9 of the 10 s renew deadline, as against an API server starting up
        _leases.BeforeGet = () =>
        {
            if (Interlocked.Exchange(ref slow, 0) == 1)
            {
                _time.Advance(_options.RenewDeadline - TimeSpan.FromSeconds(1));
            }
        };
        await StartAsync();
        await AdvanceUntilAsync(() => _health.Leading);
        var term = await _leadership.NextTermAsync(CancellationToken.None);

        var until = _time.GetUtcNow() + (_options.RetryPeriod * 3);
        await AdvanceUntilAsync(() => _time.GetUtcNow() >= until || term.Lost.IsCancellationRequested);

        Assert.False(term.Lost.IsCancellationRequested, "the term ended before its first renewal");
        Assert.True(_health.Leading);
        term.Stopped();
    }

    [Fact]
    public async Task ExecuteAsync_TermLost_DoesNotLeadAgainUntilItsWorkHasStopped()
    {
        await StartAsync();
        await AdvanceUntilAsync(() => _health.Leading);
        var term = await _leadership.NextTermAsync(CancellationToken.None);
        _leases.FailWith = HttpStatusCode.InternalServerError;
        await AdvanceUntilAsync(() => term.Lost.IsCancellationRequested);
        _leases.FailWith = null;
        var writes = _leases.Writes;

        for (var i = 0; i < 20; i++)
        {
            _time.Advance(Step);
            await Task.Yield();
        }

        Assert.Equal(writes, _leases.Writes);
        Assert.False(_health.Leading);
        term.Stopped();
        await AdvanceUntilAsync(() => _health.Leading);
        Assert.True(_leases.Writes > writes);
    }

    [Fact]
    public async Task ExecuteAsync_HeldByAnother_StandsByAndTakesOverOnceItExpires()
    {
        _leases.HeldBy("other");
        await StartAsync();
        await AdvanceUntilAsync(() => _time.GetUtcNow() - _time.Start >= _options.LeaseDuration - Step);
        Assert.False(_health.Leading);

        await AdvanceUntilAsync(() => _health.Leading);

        Assert.Equal("me", _leases.Current!.Spec.HolderIdentity);
        Assert.InRange(_time.GetUtcNow() - _time.Start, _options.LeaseDuration, _options.LeaseDuration + (_options.RetryPeriod * 1.2) + Step);
    }

    [Fact]
    public async Task StopAsync_Leading_ReleasesTheLease()
    {
        await StartAsync();
        await AdvanceUntilAsync(() => _health.Leading);

        await _service.StopAsync(CancellationToken.None);

        Assert.Equal("", _leases.Current!.Spec.HolderIdentity);
        Assert.False(_health.Leading);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        _leadership.Dispose();
    }

    private async Task StartAsync()
    {
        _health.MarkSynced();
        await _service.StartAsync(CancellationToken.None);
    }

    /// <summary>Moves the fake clock in small steps, letting the service run between them, until <paramref name="done"/>.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done)
    {
        // Small steps with real pauses between them, so a loaded machine does not let the fake clock run ahead of the
        // service (a term begun after more fake time than its validity would be born expired).
        for (var i = 0; i < 1000 && !done(); i++)
        {
            await Task.Delay(20);
            if (!done())
            {
                _time.Advance(Step);
            }
        }

        Assert.True(done(), "the condition never held");
    }
}
