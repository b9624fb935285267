using System.CommandLine;
using System.Globalization;
using MailServerOperator.Api;

namespace MailServerOperator.Cli;

/// <summary>A duration option written the way the CRD writes them: 15s, 2m, 1h30m.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan> Create(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} (e.g. 15s, 2m).",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a positive duration such as 15s or 2m");
            return defaultValue;
        },
    };

    /// <summary>A duration as the option takes it: <c>15s</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new (long Value, string Unit)[]
        {
            ((long)duration.TotalHours, "h"), (duration.Minutes, "m"), (duration.Seconds, "s"), (duration.Milliseconds, "ms"),
        };
        return string.Concat(parts.Where(part => part.Value != 0).Select(part => part.Value.ToString(CultureInfo.InvariantCulture) + part.Unit));
    }
}
