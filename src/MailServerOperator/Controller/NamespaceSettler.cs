namespace MailServerOperator.Controller;

/// <summary>
/// Calls back once per namespace when it has been quiet for <c>quiet</c> after a change, or at the latest
/// <c>longest</c> after the first change it has not yet called back for: a burst of creates settles once.
/// </summary>
internal sealed class NamespaceSettler(TimeProvider time, TimeSpan quiet, TimeSpan longest, Action<string> settled) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public void Touch(string @namespace)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_pending.TryGetValue(@namespace, out var pending))
            {
                pending.Due = Min(now + quiet, pending.Since + longest);
                pending.Timer.Change(NotNegative(pending.Due - now), Timeout.InfiniteTimeSpan);
                return;
            }

            var due = Min(now + quiet, now + longest);
            var timer = time.CreateTimer(_ => OnTimer(@namespace), null, due - now, Timeout.InfiniteTimeSpan);
            _pending[@namespace] = new Pending(now, due, timer);
        }
    }

    /// <summary>Calls back now for a namespace (waiting or not), cancelling its timer.</summary>
    public void Flush(string @namespace)
    {
        lock (_lock)
        {
            if (_pending.Remove(@namespace, out var pending))
            {
                pending.Timer.Dispose();
            }
        }

        settled(@namespace);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var pending in _pending.Values)
            {
                pending.Timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private void OnTimer(string @namespace)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(@namespace, out var pending))
            {
                return;
            }

            var now = time.GetUtcNow();
            if (now < pending.Due)
            {
                pending.Timer.Change(pending.Due - now, Timeout.InfiniteTimeSpan); // touched after this timer fired
                return;
            }

            _pending.Remove(@namespace);
            pending.Timer.Dispose();
        }

        settled(@namespace);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan NotNegative(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private sealed class Pending(DateTimeOffset since, DateTimeOffset due, ITimer timer)
    {
        public DateTimeOffset Since { get; } = since;

        public DateTimeOffset Due { get; set; } = due;

        public ITimer Timer { get; } = timer;
    }
}
