namespace MailServerOperator.Controller;

internal sealed class WorkQueueOptions
{
    /// <summary>First retry delay after a failed reconcile; doubles on each further failure.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay; a failing key is retried at this pace forever, never dropped.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest retry delay after a failure that says nothing about the key (the API server unreachable): the reflectors
    /// reconnect every 2-4 s, so after an outage every key is caught up within seconds, not after its doubled backoff.
    /// </summary>
    public TimeSpan MaxUnreachableRetryDelay { get; set; } = TimeSpan.FromSeconds(4);
}
