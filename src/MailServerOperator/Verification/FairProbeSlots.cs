namespace MailServerOperator.Verification;

/// <summary>
/// The global probe slots, shared fairly between namespaces: each namespace waits in its own queue, and a freed slot
/// goes to the next namespace in turn (round-robin), never to whoever queued first. A namespace full of silent
/// servers therefore holds slots only as long as one probe timeout before another namespace's probe gets one.
/// </summary>
internal sealed class FairProbeSlots(int slots)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<TaskCompletionSource>> _waiting = [];
    private readonly LinkedList<string> _turns = new();
    private int _free = Math.Max(1, slots);

    /// <summary>Waits for a slot for a probe of a server in <paramref name="tenant"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && _turns.Count == 0)
            {
                _free--;
                return new Slot(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_waiting.TryGetValue(tenant, out var queue))
            {
                _waiting[tenant] = queue = new Queue<TaskCompletionSource>();
                _turns.AddLast(tenant);
            }

            queue.Enqueue(waiter);
        }

        // A cancelled waiter stays queued and is skipped when its turn comes (TrySetResult fails).
        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task;
        }

        return new Slot(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_turns.First is { } turn)
            {
                var queue = _waiting[turn.Value];
                var next = queue.Dequeue();
                _turns.RemoveFirst();
                if (queue.Count > 0)
                {
                    _turns.AddLast(turn.Value);
                }
                else
                {
                    _waiting.Remove(turn.Value);
                }

                if (next.TrySetResult())
                {
                    return; // the slot passes straight to the waiter
                }
            }

            _free++;
        }
    }

    private sealed class Slot(FairProbeSlots owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
