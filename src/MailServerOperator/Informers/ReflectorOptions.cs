namespace MailServerOperator.Informers;

internal sealed class ReflectorOptions
{
    /// <summary>The server ends each watch after about this long (randomised up to twice), as client-go does.</summary>
    public TimeSpan WatchServerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that delivers nothing, not even a bookmark, for this long is presumed dead and restarted.</summary>
    public TimeSpan SilenceDeadline { get; set; } = TimeSpan.FromMinutes(11);

    /// <summary>The first reconnect after a failure comes within this long (<see cref="ReflectorBackoff"/>).</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// While the API server stays unreachable, a reconnect comes every half to whole of this long: so it is noticed that
    /// late at most once it is back (client-go waits up to 30 s, which dominated the recovery from an outage).
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(4);
}
