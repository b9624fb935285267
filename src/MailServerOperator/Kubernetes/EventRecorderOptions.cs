namespace MailServerOperator.Kubernetes;

/// <summary>How Events are aggregated and rate-limited; the defaults are client-go's EventCorrelator's.</summary>
internal sealed class EventRecorderOptions
{
    /// <summary>An Event identical to one sent within this window counts up that Event's series instead of creating another.</summary>
    public TimeSpan AggregationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Events (created or counted up) one object may send at once.</summary>
    public int Burst { get; set; } = 25;

    /// <summary>One more Event per object is allowed every this long once the burst is spent.</summary>
    public TimeSpan RefillInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many distinct Events and objects are remembered.</summary>
    public int MaxTracked { get; set; } = 4096;
}
