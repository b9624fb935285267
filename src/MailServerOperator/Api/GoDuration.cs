using System.Buffers;
using System.Globalization;

namespace MailServerOperator.Api;

/// <summary>Parses durations the way Go's <c>time.ParseDuration</c> does (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5h</c>), as Kubernetes users write them.</summary>
internal static class GoDuration
{
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");

    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m),
        ("us", 10m),
        ("\u00b5s", 10m),
        ("\u03bcs", 10m),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var rest = text.AsSpan();
        var negative = rest[0] == '-';
        if (rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }

        if (rest is "0")
        {
            return true;
        }

        decimal ticks = 0;
        while (!rest.IsEmpty)
        {
            var numberLength = rest.IndexOfAnyExcept(NumberChars);
            if (numberLength <= 0 || !TryParseNumber(rest[..numberLength], out var number))
            {
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = rest.IndexOfAny(NumberChars);
            var unit = unitLength < 0 ? rest : rest[..unitLength];
            if (!TryUnitTicks(unit, out var unitTicks))
            {
                return false;
            }

            rest = rest[unit.Length..];
            if (number > (TimeSpan.MaxValue.Ticks - ticks) / unitTicks)
            {
                return false;
            }

            ticks += number * unitTicks;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(negative ? -ticks : ticks));
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out decimal number)
    {
        number = 0;
        return text is not "." && text.Count('.') <= 1 &&
            decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryUnitTicks(ReadOnlySpan<char> unit, out decimal ticks)
    {
        foreach (var (name, unitTicks) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                ticks = unitTicks;
                return true;
            }
        }

        ticks = 0;
        return false;
    }
}
