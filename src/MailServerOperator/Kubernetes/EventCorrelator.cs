using MailServerOperator.Api;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// client-go's EventCorrelator for events.k8s.io/v1: an Event identical to one recently sent (same object, type,
/// reason and note) becomes a series count on that Event rather than a new one, and every object has a token bucket
/// (a burst, then one per refill interval), so a flapping server cannot flood the API server. Thread-safe.
/// </summary>
internal sealed class EventCorrelator(TimeProvider time, EventRecorderOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EventIdentity, Sent> _sent = [];
    private readonly Dictionary<(ObjectKey, string?), Bucket> _buckets = [];

    /// <summary>How many Events and objects are remembered (at most <see cref="EventRecorderOptions.MaxTracked"/> each).</summary>
    public int Tracked
    {
        get
        {
            lock (_lock)
            {
                return Math.Max(_sent.Count, _buckets.Count);
            }
        }
    }

    public EventDecision Decide(ObjectKey regarding, string? uid, string type, string reason, string note)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            if (!TakeToken((regarding, uid), now))
            {
                return EventDecision.Drop;
            }

            var identity = new EventIdentity(regarding, uid, type, reason, note);
            if (_sent.TryGetValue(identity, out var sent) && now - sent.LastSeen < options.AggregationWindow)
            {
                sent.Count++;
                sent.LastSeen = now;
                return new EventDecision(EventAction.CountUp, sent.Name, sent.Count, now);
            }

            Trim(_sent, s => now - s.LastSeen >= options.AggregationWindow);
            var name = $"{regarding.Name}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}";
            _sent[identity] = new Sent(name, now);
            return new EventDecision(EventAction.Create, name, 1, now);
        }
    }

    /// <summary>The Event behind a series is gone (expired by the API server): the next identical one is created anew.</summary>
    public void Forget(ObjectKey regarding, string? uid, string type, string reason, string note)
    {
        lock (_lock)
        {
            _sent.Remove(new EventIdentity(regarding, uid, type, reason, note));
        }
    }

    private bool TakeToken((ObjectKey, string?) owner, DateTime now)
    {
        if (!_buckets.TryGetValue(owner, out var bucket))
        {
            Trim(_buckets, b => b.Refilled(now, options) >= options.Burst);
            bucket = new Bucket(options.Burst, now);
            _buckets[owner] = bucket;
        }

        bucket.Tokens = bucket.Refilled(now, options);
        bucket.Since = now - TimeSpan.FromTicks((now - bucket.Since).Ticks % options.RefillInterval.Ticks);
        if (bucket.Tokens < 1)
        {
            return false;
        }

        bucket.Tokens--;
        return true;
    }

    /// <summary>Keeps memory bounded: past the limit, entries that no longer matter go, and if none do, the oldest half.</summary>
    private void Trim<TKey, TValue>(Dictionary<TKey, TValue> entries, Func<TValue, bool> expired)
        where TKey : notnull
    {
        if (entries.Count < options.MaxTracked)
        {
            return;
        }

        foreach (var key in entries.Where(e => expired(e.Value)).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }

        if (entries.Count >= options.MaxTracked)
        {
            foreach (var key in entries.Keys.Take(entries.Count / 2).ToList())
            {
                entries.Remove(key);
            }
        }
    }

    private readonly record struct EventIdentity(ObjectKey Regarding, string? Uid, string Type, string Reason, string Note);

    private sealed class Sent(string name, DateTime sentAt)
    {
        public string Name { get; } = name;

        public DateTime LastSeen { get; set; } = sentAt;

        public int Count { get; set; } = 1;
    }

    private sealed class Bucket(int tokens, DateTime since)
    {
        public int Tokens { get; set; } = tokens;

        public DateTime Since { get; set; } = since;

        public int Refilled(DateTime now, EventRecorderOptions options) =>
            (int)Math.Min(options.Burst, Tokens + ((now - Since).Ticks / options.RefillInterval.Ticks));
    }
}
