namespace MailServerOperator.Controller;

/// <summary>
/// Calls back once per namespace when it has been quiet for <c>quiet</c> after a change (<c>quiet: true</c>), or, in
/// a namespace that does not go quiet, <c>longest</c> after the first change it has not yet called back for
/// (<c>quiet: false</c>), and then again once it does go quiet: a burst of creates settles once.
/// </summary>
internal sealed class NamespaceSettler(TimeProvider time, TimeSpan quiet, TimeSpan longest, Action<string, bool> settled) : IDisposable
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
                pending.LastTouch = now;
                pending.Due = Min(now + quiet, pending.Since + longest);
                pending.Timer.Change(NotNegative(pending.Due - now), Timeout.InfiniteTimeSpan);
                return;
            }

            var due = Min(now + quiet, now + longest);
            var timer = time.CreateTimer(_ => OnTimer(@namespace), null, due - now, Timeout.InfiniteTimeSpan);
            _pending[@namespace] = new Pending(now, due, timer);
        }
    }

    /// <summary>Calls back now for a namespace (waiting or not) as if it were quiet, cancelling its timer.</summary>
    public void Flush(string @namespace)
    {
        lock (_lock)
        {
            if (_pending.Remove(@namespace, out var pending))
            {
                pending.Timer.Dispose();
            }
        }

        settled(@namespace, true);
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
        bool isQuiet;
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

            isQuiet = now >= pending.LastTouch + quiet;
            if (isQuiet)
            {
                _pending.Remove(@namespace);
                pending.Timer.Dispose();
            }
            else
            {
                // Overdue: called back now, and again when the namespace goes quiet (or the next longest delay).
                pending.Since = now;
                pending.Due = Min(pending.LastTouch + quiet, now + longest);
                pending.Timer.Change(pending.Due - now, Timeout.InfiniteTimeSpan);
            }
        }

        settled(@namespace, isQuiet);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan NotNegative(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private sealed class Pending(DateTimeOffset since, DateTimeOffset due, ITimer timer)
    {
        public DateTimeOffset Since { get; set; } = since;

        public DateTimeOffset LastTouch { get; set; } = since;

        public DateTimeOffset Due { get; set; } = due;

        public ITimer Timer { get; } = timer;
    }
}
