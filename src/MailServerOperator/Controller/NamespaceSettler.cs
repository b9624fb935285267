namespace MailServerOperator.Controller;

/// <summary>
/// Calls back once per namespace when it has been quiet after a change (<c>quiet: true</c>), or, in a namespace that
/// does not go quiet, <c>longest</c> after the first change it has not yet called back for (<c>quiet: false</c>), and
/// then again once it does go quiet: a burst of creates settles once.
/// </summary>
/// <remarks>
/// How long "quiet" is adapts to the writer's pace: <see cref="GapFactor"/> times the longest gap between the burst's
/// changes so far, at least <c>shortestQuiet</c> and at most <c>quiet</c>. A fast import (a few milliseconds between
/// creates) is published after <c>shortestQuiet</c>; a slow one (a sequential <c>kubectl apply</c>, a loaded API
/// server) waits the whole <c>quiet</c>, as a fixed delay would. A change that comes less than <c>quiet</c> after the
/// last burst settled counts as a gap of that burst, so a writer slower than <c>shortestQuiet</c> costs at most one
/// early publication, not one per change.
/// </remarks>
internal sealed class NamespaceSettler(TimeProvider time, TimeSpan shortestQuiet, TimeSpan quiet, TimeSpan longest, Action<string, bool> settled) : IDisposable
{
    /// <summary>The quiet period is this many times the longest gap seen in the burst (then bounded).</summary>
    public const int GapFactor = 10;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _settledAt = new(StringComparer.Ordinal); // last change of the last burst

    /// <summary>Namespaces whose last burst is remembered: only those that settled less than <c>quiet</c> ago.</summary>
    internal int RememberedCount
    {
        get
        {
            lock (_lock)
            {
                return _settledAt.Count;
            }
        }
    }

    public void Touch(string @namespace)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_pending.TryGetValue(@namespace, out var pending))
            {
                pending.LongestGap = Max(pending.LongestGap, now - pending.LastTouch);
                pending.LastTouch = now;
                pending.Due = Min(now + QuietAfter(pending), pending.Since + longest);
                pending.Timer!.Change(NotNegative(pending.Due - now), Timeout.InfiniteTimeSpan);
                return;
            }

            var gap = _settledAt.Remove(@namespace, out var last) && now - last < quiet ? now - last : TimeSpan.Zero;
            pending = new Pending(now, gap);
            pending.Due = Min(now + QuietAfter(pending), now + longest);
            pending.Timer = time.CreateTimer(_ => OnTimer(@namespace), null, pending.Due - now, Timeout.InfiniteTimeSpan);
            _pending[@namespace] = pending;
        }
    }

    /// <summary>Calls back now for a namespace (waiting or not) as if it were quiet, cancelling its timer.</summary>
    public void Flush(string @namespace)
    {
        lock (_lock)
        {
            if (_pending.Remove(@namespace, out var pending))
            {
                pending.Timer!.Dispose();
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
                pending.Timer!.Dispose();
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
                pending.Timer!.Change(pending.Due - now, Timeout.InfiniteTimeSpan); // touched after this timer fired
                return;
            }

            isQuiet = now >= pending.LastTouch + QuietAfter(pending);
            if (isQuiet)
            {
                _pending.Remove(@namespace);
                ForgetSettledBefore(now - quiet); // a deleted or idle namespace is not remembered for ever
                _settledAt[@namespace] = pending.LastTouch;
                pending.Timer!.Dispose();
            }
            else
            {
                // Overdue: called back now, and again when the namespace goes quiet (or the next longest delay).
                pending.Since = now;
                pending.Due = Min(pending.LastTouch + QuietAfter(pending), now + longest);
                pending.Timer!.Change(pending.Due - now, Timeout.InfiniteTimeSpan);
            }
        }

        settled(@namespace, isQuiet);
    }

    private void ForgetSettledBefore(DateTimeOffset cutoff)
    {
        foreach (var (name, last) in _settledAt)
        {
            if (last < cutoff)
            {
                _settledAt.Remove(name);
            }
        }
    }

    private TimeSpan QuietAfter(Pending pending) => Max(shortestQuiet, Min(quiet, pending.LongestGap * GapFactor));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan NotNegative(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private sealed class Pending(DateTimeOffset since, TimeSpan longestGap)
    {
        public DateTimeOffset Since { get; set; } = since;

        public DateTimeOffset LastTouch { get; set; } = since;

        public TimeSpan LongestGap { get; set; } = longestGap;

        public DateTimeOffset Due { get; set; }

        public ITimer? Timer { get; set; }
    }
}
