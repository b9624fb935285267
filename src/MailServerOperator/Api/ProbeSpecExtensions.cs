namespace MailServerOperator.Api;

/// <summary>How often a MailServer is verified again.</summary>
internal static class ProbeSpecExtensions
{
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMinutes(5);
    public static TimeSpan MinimumInterval { get; } = TimeSpan.FromSeconds(30);
    public static TimeSpan MaximumInterval { get; } = TimeSpan.FromHours(24);

    /// <summary>The interval given, or five minutes when the probe section or its interval is absent or invalid.</summary>
    public static TimeSpan EffectiveInterval(this ProbeSpec? probe) =>
        probe?.Interval is { } text && GoDuration.TryParse(text, out var interval) ? interval : DefaultInterval;
}
