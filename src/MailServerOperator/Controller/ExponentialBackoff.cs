using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>Per-key exponential failure backoff (controller-runtime's item rate limiter): base·2^failures, capped.</summary>
internal sealed class ExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Dictionary<ObjectKey, int> _failures = [];
    private readonly Lock _lock = new();

    public TimeSpan Next(ObjectKey key)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            var ticks = baseDelay.Ticks * Math.Pow(2, Math.Min(failures, 62));
            return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
        }
    }

    public int Failures(ObjectKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    public void Forget(ObjectKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }
}
