namespace MailServerOperator.Informers;

internal sealed class ReflectorOptions
{
    /// <summary>The server ends each watch after about this long (randomised up to twice), as client-go does.</summary>
    public TimeSpan WatchServerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that delivers nothing, not even a bookmark, for this long is presumed dead and restarted.</summary>
    public TimeSpan SilenceDeadline { get; set; } = TimeSpan.FromMinutes(11);

    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
