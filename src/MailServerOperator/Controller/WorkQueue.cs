using MailServerOperator.Api;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Controller;

/// <summary>
/// A deduplicating work queue with client-go semantics: a key waits at most once, is handed to at most one worker
/// at a time, and a key added while it is being processed is queued again when that worker calls <see cref="Done"/>.
/// Delayed adds keep only the earliest due time per key; failures back off per key and are never dropped.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly TimeSpan _maxUnreachableRetryDelay;
    private readonly Lock _lock = new();
    private readonly Queue<ObjectKey> _ready = new();
    private readonly HashSet<ObjectKey> _dirty = [];
    private readonly HashSet<ObjectKey> _processing = [];
    private readonly Dictionary<ObjectKey, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private bool _shutDown;

    public WorkQueue(TimeProvider time, WorkQueueOptions options)
    {
        _time = time;
        _backoff = new ExponentialBackoff(options.BaseRetryDelay, options.MaxRetryDelay);
        _maxUnreachableRetryDelay = options.MaxUnreachableRetryDelay;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    public void Add(ObjectKey key)
    {
        lock (_lock)
        {
            if (_shutDown || !_dirty.Add(key))
            {
                return;
            }

            OperatorTelemetry.QueueAdds.Add(1);
            if (!_processing.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(static state => ((WorkQueue)state!).FireWaiting(), this, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
        }
    }

    /// <summary>
    /// Queues the key again after its next backoff delay (5 ms, 10 ms, ... up to the maximum; when the API server was
    /// <paramref name="unreachable"/>, up to the shorter maximum for that).
    /// </summary>
    public TimeSpan AddRateLimited(ObjectKey key, bool unreachable = false)
    {
        var delay = _backoff.Next(key);
        if (unreachable && delay > _maxUnreachableRetryDelay)
        {
            delay = _maxUnreachableRetryDelay;
        }

        OperatorTelemetry.QueueRetries.Add(1);
        AddAfter(key, delay);
        return delay;
    }

    public void Forget(ObjectKey key) => _backoff.Forget(key);

    public int Failures(ObjectKey key) => _backoff.Failures(key);

    /// <summary>Waits for the next key; returns null once the queue is shut down.</summary>
    public async Task<ObjectKey?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (_ready.Count == 0)
                {
                    if (_shutDown)
                    {
                        _available.Release();
                        return null;
                    }

                    continue;
                }

                var key = _ready.Dequeue();
                _processing.Add(key);
                _dirty.Remove(key);
                return key;
            }
        }
    }

    public void Done(ObjectKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shutDown = true;
            foreach (var (_, timer) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
        }

        _available.Release();
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }

    private void Enqueue(ObjectKey key)
    {
        _ready.Enqueue(key);
        _available.Release();
    }

    private void FireWaiting()
    {
        List<ObjectKey> due = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var (key, (dueAt, timer)) in _waiting)
            {
                if (dueAt <= now)
                {
                    due.Add(key);
                    timer.Dispose();
                }
            }

            foreach (var key in due)
            {
                _waiting.Remove(key);
            }
        }

        foreach (var key in due)
        {
            Add(key);
        }
    }
}
