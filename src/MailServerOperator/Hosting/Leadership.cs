namespace MailServerOperator.Hosting;

/// <summary>
/// Whether this instance may write, shared by the elector that wins and renews the Lease and the workers that write.
/// Leadership comes in terms: a term's <see cref="LeadershipTerm.Lost"/> fires when the elector gives it up, or by
/// itself once the last renewal is older than the renew deadline (a paused or partitioned process fences itself
/// before the Lease can expire for anyone else), and the elector does not campaign again until the term's work has
/// stopped, so an instance never runs two terms' workers at once.
/// </summary>
internal sealed class Leadership : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private TaskCompletionSource<LeadershipTerm> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LeadershipTerm? _current;

    public Leadership(TimeProvider time) => _time = time;

    /// <summary>Without leader election: one term that begins at once and never ends.</summary>
    public static Leadership Unconditional(TimeProvider time)
    {
        var leadership = new Leadership(time);
        leadership.Begin(Timeout.InfiniteTimeSpan);
        return leadership;
    }

    /// <summary>True while a term is current and its last renewal is within the deadline.</summary>
    public bool IsLeading
    {
        get
        {
            lock (_lock)
            {
                return _current is { IsValid: true };
            }
        }
    }

    /// <summary>Called before every write: a former leader's write is refused here rather than landing late.</summary>
    /// <exception cref="NotLeaderException">This instance does not hold the Lease (or cannot be sure it still does).</exception>
    public void EnsureLeading()
    {
        if (!IsLeading)
        {
            throw new NotLeaderException();
        }
    }

    /// <summary>Starts a term that is valid for <paramref name="validFor"/> unless renewed.</summary>
    public LeadershipTerm Begin(TimeSpan validFor)
    {
        lock (_lock)
        {
            if (_current is not null)
            {
                throw new InvalidOperationException("a leadership term is already current");
            }

            _current = new LeadershipTerm(validFor, _time);
            _next.TrySetResult(_current);
            return _current;
        }
    }

    /// <summary>Extends the current term: it stays valid for <paramref name="validFor"/> from <paramref name="renewStarted"/>.</summary>
    public void Renewed(long renewStarted, TimeSpan validFor)
    {
        lock (_lock)
        {
            _current?.ExtendTo(renewStarted, validFor);
        }
    }

    /// <summary>Ends the current term and returns once its work has stopped.</summary>
    public async Task EndAsync()
    {
        LeadershipTerm? ending;
        Task stopped;
        lock (_lock)
        {
            ending = _current;
            _current = null;
            if (_next.Task.IsCompleted)
            {
                _next = new TaskCompletionSource<LeadershipTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            stopped = ending?.WorkStopped ?? Task.CompletedTask;
            ending?.MarkEnded();
        }

        if (ending is not null)
        {
            ending.Lose();
            await stopped;
            ending.Dispose();
        }
    }

    /// <summary>Waits for the next term (or returns the current one); the caller must call <see cref="LeadershipTerm.Stopped"/>.</summary>
    public async Task<LeadershipTerm> NextTermAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<LeadershipTerm> next;
            lock (_lock)
            {
                next = _next.Task;
            }

            var term = await next.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (ReferenceEquals(_current, term) && !term.Taken)
                {
                    term.Take();
                    return term;
                }
            }

            // Ended, or its work already ran (and stopped because the term was lost): each term is worked at most once.
            await term.Ended.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Dispose();
        }
    }
}
