namespace MailServerOperator.Verification;

/// <summary>
/// The global verification slots, shared fairly between namespaces: each namespace waits in its own queue, and a
/// freed slot goes to the waiting namespace that holds the fewest slots (ties in turn, round-robin), never simply to
/// whoever queued first. Every slot is held at most one probe timeout, so a namespace full of silent servers delays
/// another namespace's verification by at most one probe timeout.
/// </summary>
internal sealed class FairProbeSlots(int slots)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<TaskCompletionSource>> _waiting = [];
    private readonly Dictionary<string, int> _held = [];
    private readonly LinkedList<string> _turns = new();
    private int _free = Math.Max(1, slots);

    /// <summary>Waits for a slot for a server in <paramref name="tenant"/> (its namespace); dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && _turns.Count == 0)
            {
                _free--;
                Hold(tenant, +1);
                return new Slot(this, tenant);
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

        return new Slot(this, tenant);
    }

    private void Release(string tenant)
    {
        lock (_lock)
        {
            Hold(tenant, -1);
            while (NextTurn() is { } turn)
            {
                var queue = _waiting[turn.Value];
                var next = queue.Dequeue();
                _turns.Remove(turn);
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
                    Hold(turn.Value, +1);
                    return; // the slot passes straight to the waiter
                }
            }

            _free++;
        }
    }

    // The waiting namespace holding the fewest slots; the first in turn among equals.
    private LinkedListNode<string>? NextTurn()
    {
        LinkedListNode<string>? best = null;
        for (var node = _turns.First; node is not null; node = node.Next)
        {
            if (best is null || _held.GetValueOrDefault(node.Value) < _held.GetValueOrDefault(best.Value))
            {
                best = node;
            }
        }

        return best;
    }

    private void Hold(string tenant, int change)
    {
        var held = _held.GetValueOrDefault(tenant) + change;
        if (held == 0)
        {
            _held.Remove(tenant);
        }
        else
        {
            _held[tenant] = held;
        }
    }

    private sealed class Slot(FairProbeSlots owner, string tenant) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(tenant);
            }
        }
    }
}
