namespace MailServerOperator.Hosting;

/// <summary>One continuous stretch of leadership: <see cref="Lost"/> fires when it ends; its work reports <see cref="Stopped"/>.</summary>
internal sealed class LeadershipTerm : IDisposable
{
    private readonly CancellationTokenSource _lost;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _workStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _taken;
    private long _validUntil;

    public LeadershipTerm(TimeSpan validFor, TimeProvider time)
    {
        _time = time;
        _lost = new CancellationTokenSource(validFor, time);
        _validUntil = ValidUntil(time.GetTimestamp(), validFor);
    }

    /// <summary>
    /// Judged by the clock, not by <see cref="Lost"/> alone: after a pause (SIGSTOP, a stalled VM) a worker may run
    /// before the timer that fires <see cref="Lost"/> does.
    /// </summary>
    public bool IsValid => !_lost.IsCancellationRequested && _time.GetTimestamp() < Volatile.Read(ref _validUntil);

    /// <summary>Fires when leadership is given up or when the last renewal is too old to be sure of it.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Completes when the work of the term has stopped; at once when no worker took the term.</summary>
    internal Task WorkStopped => _taken ? _workStopped.Task : Task.CompletedTask;

    /// <summary>The term's work has stopped: the elector may campaign again.</summary>
    public void Stopped() => _workStopped.TrySetResult();

    public void Dispose() => _lost.Dispose();

    /// <summary>Completes once the elector has ended the term.</summary>
    internal Task Ended => _ended.Task;

    /// <summary>Read and written under the <see cref="Leadership"/> lock, as is <see cref="WorkStopped"/>.</summary>
    internal bool Taken => _taken;

    internal void Take() => _taken = true;

    internal void MarkEnded() => _ended.TrySetResult();

    internal void ExtendTo(long renewStarted, TimeSpan validFor)
    {
        var remaining = validFor - _time.GetElapsedTime(renewStarted);
        if (!_lost.IsCancellationRequested)
        {
            Volatile.Write(ref _validUntil, ValidUntil(renewStarted, validFor));
            _lost.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
    }

    private long ValidUntil(long from, TimeSpan validFor) =>
        validFor == Timeout.InfiniteTimeSpan ? long.MaxValue : from + (long)(validFor.TotalSeconds * _time.TimestampFrequency);

    internal void Lose() => _lost.Cancel();
}
