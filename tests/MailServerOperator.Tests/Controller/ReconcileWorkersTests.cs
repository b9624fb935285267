using System.Collections.Concurrent;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Controller;

public sealed class ReconcileWorkersTests : IDisposable
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue _queue;
    private readonly ScriptedReconciler _reconciler = new();
    private readonly CancellationTokenSource _stop = new();

    public ReconcileWorkersTests() => _queue = new WorkQueue(_time, new WorkQueueOptions { BaseRetryDelay = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task RunAsync_Keys_EachReconciledOnce()
    {
        var running = Start(workers: 2);
        _queue.Add(A);
        _queue.Add(B);

        await _reconciler.WaitForAsync(2);

        Assert.Equal(["ns/a", "ns/b"], _reconciler.Calls.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        await StopAsync(running);
    }

    [Fact]
    public async Task RunAsync_RequeueAfter_ReconciledAgainWhenDue()
    {
        _reconciler.Result = ReconcileResult.After(TimeSpan.FromMinutes(5));
        var running = Start();
        _queue.Add(A);
        await _reconciler.WaitForAsync(1);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Single(_reconciler.Calls);

        // The worker may still be on its way to queueing the key: step the clock until it is reconciled again.
        await AdvanceUntilAsync(calls: 2, TimeSpan.FromMinutes(1));
        await StopAsync(running);
    }

    [Fact]
    public async Task RunAsync_Failure_RetriedAfterBackoffAndNotBefore()
    {
        _reconciler.Failures = 1;
        var running = Start();
        _queue.Add(A);
        await _reconciler.WaitForAsync(1);

        await Eventually(() => _queue.Failures(A) == 1);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(20);
        Assert.Single(_reconciler.Calls);

        await AdvanceUntilAsync(calls: 2, TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, _queue.Failures(A)); // forgotten after the success
        await StopAsync(running);
    }

    [Theory]
    [InlineData(true, 4)] // the API server unreachable: at most MaxUnreachableRetryDelay
    [InlineData(false, 8)] // any other failure: the doubled backoff, 1 s · 2^3
    public async Task RunAsync_FourthFailure_NextRetryAfterTheBackoffOfItsKind(bool unreachable, int expectedSeconds)
    {
        _reconciler.Failures = 4;
        _reconciler.Failure = unreachable
            ? new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:6443)")
            : new InvalidOperationException("scripted failure");
        var running = Start();
        _queue.Add(A);
        await AdvanceUntilAsync(calls: 4, TimeSpan.FromSeconds(1));
        await Eventually(() => _queue.Failures(A) == 4);
        var fourth = _time.GetUtcNow();

        await AdvanceUntilAsync(calls: 5, TimeSpan.FromSeconds(1));

        // Within a step of the clock either way: the worker may run a step after the timer that woke it.
        Assert.InRange((_time.GetUtcNow() - fourth).TotalSeconds, expectedSeconds - 1, expectedSeconds + 1);
        await StopAsync(running);
    }

    [Fact]
    public async Task RunAsync_Stopped_InFlightReconcileFinishesAndNoNewKeyIsTaken()
    {
        var release = new TaskCompletionSource();
        _reconciler.Gate = release.Task;
        var running = Start();
        _queue.Add(A);
        await _reconciler.WaitForAsync(1);

        await _stop.CancelAsync();
        _queue.Add(B);
        release.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([A], _reconciler.Calls);
        Assert.Equal(1, _reconciler.Completed);
    }

    public void Dispose()
    {
        _queue.Dispose();
        _stop.Dispose();
    }

    private Task Start(int workers = 1)
    {
        var runner = new ReconcileWorkers(_queue, _reconciler, new ControllerOptions { Workers = workers }, _time, NullLogger<ReconcileWorkers>.Instance);
        return Task.Run(() => runner.RunAsync(_stop.Token));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(5);
        }
    }

    private async Task AdvanceUntilAsync(int calls, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_reconciler.Calls.Count < calls)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {_reconciler.Calls.Count} reconciles, expected {calls}");
            _time.Advance(step);
            await Task.Delay(5);
        }
    }

    private async Task StopAsync(Task running)
    {
        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class ScriptedReconciler : IReconciler
    {
        private int _completed;

        public ConcurrentQueue<ObjectKey> Calls { get; } = new();

        public ReconcileResult Result { get; set; } = ReconcileResult.Done;

        public int Failures { get; set; }

        public Exception Failure { get; set; } = new InvalidOperationException("scripted failure");

        public Task Gate { get; set; } = Task.CompletedTask;

        public int Completed => _completed;

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            Calls.Enqueue(key);
            await Gate;
            Interlocked.Increment(ref _completed);
            if (Failures > 0)
            {
                Failures--;
                throw Failure;
            }

            return Result;
        }

        public async Task WaitForAsync(int calls)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Calls.Count < calls)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Calls.Count} reconciles, expected {calls}");
                await Task.Delay(5);
            }
        }
    }
}
