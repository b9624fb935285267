using System.Globalization;
using System.Text.RegularExpressions;

namespace MailServerOperator.Api;

/// <summary>
/// Reads a Kubernetes quantity (<c>10Mi</c>, <c>512k</c>, <c>1e6</c>, <c>10485760</c>) as a whole, positive number of bytes.
/// The grammar is that of k8s.io/apimachinery resource.Quantity; fractions of a byte and zero are refused.
/// </summary>
internal static partial class ByteQuantity
{
    public const string Example = "10Mi, 512Ki or 10485760";

    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
    };

    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        var match = text is null ? null : QuantityPattern().Match(text);
        if (match is null || !match.Success || !TryMultiplier(match.Groups["suffix"].Value, out var multiplier))
        {
            error = $"must be a Kubernetes quantity such as {Example} (not \"{text}\")";
            return false;
        }

        decimal value;
        try
        {
            value = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * multiplier;
        }
        catch (OverflowException)
        {
            error = $"{text} is far too large";
            return false;
        }

        if (value <= 0)
        {
            error = $"must be greater than zero (not {text})";
            return false;
        }

        if (value != decimal.Truncate(value))
        {
            error = $"must be a whole number of bytes ({text} is {value.ToString(CultureInfo.InvariantCulture)} bytes)";
            return false;
        }

        if (value > long.MaxValue)
        {
            error = $"{text} is far too large";
            return false;
        }

        bytes = (long)value;
        error = "";
        return true;
    }

    private static bool TryMultiplier(string suffix, out decimal multiplier)
    {
        if (Suffixes.TryGetValue(suffix, out multiplier))
        {
            return true;
        }

        // Decimal exponent: e3, E-2, e+6. Anything beyond 10^28 cannot be a message size anyway.
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' &&
            int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) &&
            exponent is >= -28 and <= 28)
        {
            multiplier = exponent >= 0 ? Pow10(exponent) : 1m / Pow10(-exponent);
            return true;
        }

        return false;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?<suffix>[A-Za-z]*(?:[eE][+-]?[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}
