namespace MailServerOperator.Informers;

/// <summary>
/// How long a reflector waits before it lists or watches again after <c>failures</c> consecutive failures: between
/// half and all of <see cref="ReflectorOptions.MinReconnectDelay"/>·2^failures, at most
/// <see cref="ReflectorOptions.MaxReconnectDelay"/>. The first retry is prompt (a watch that broke usually reconnects
/// at once), the jitter keeps reflectors from retrying in lockstep, and the low cap bounds how late a reflector notices
/// that the API server is back, at one cheap request every few seconds while it is down.
/// </summary>
internal static class ReflectorBackoff
{
    /// <param name="failures">Consecutive failures before this one (0 for the first since a healthy watch).</param>
    /// <param name="options">The reflector's delays.</param>
    /// <param name="random">A random number in [0, 1).</param>
    public static TimeSpan Delay(int failures, ReflectorOptions options, double random)
    {
        var ceiling = Math.Min(options.MinReconnectDelay.Ticks * Math.Pow(2, Math.Min(failures, 30)), options.MaxReconnectDelay.Ticks);
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (0.5 * random))));
    }
}
