using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MailServerOperator.Manifests;

/// <summary>
/// Where kubectl and the API server's own YAML reader (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1) read a plain scalar
/// differently from YAML 1.2: <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>/<c>y</c>/<c>n</c> are booleans, a leading 0 is octal,
/// <c>0b</c> is binary, underscores group digits. What gets applied is what kubectl reads, so that reading wins.
/// </summary>
internal static partial class Yaml11Scalars
{
    private static readonly HashSet<string> True = new(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"], StringComparer.Ordinal);
    private static readonly HashSet<string> False = new(["n", "N", "no", "No", "NO", "off", "Off", "OFF"], StringComparer.Ordinal);

    /// <summary>kubectl's value of a plain scalar that YAML 1.2 reads as <paramref name="yaml12"/>, when the two differ.</summary>
    public static bool TryReadDifferently(string value, JsonNode? yaml12, out JsonNode? kubectl, out string note)
    {
        kubectl = null;
        note = "";
        if (True.Contains(value) || False.Contains(value))
        {
            var flag = True.Contains(value);
            kubectl = JsonValue.Create(flag);
            note = $"the plain value {value} is read as {(flag ? "true" : "false")} by kubectl and the API server (YAML 1.1) but as the string \"{value}\" " +
                $"by YAML 1.2 tools: write {(flag ? "true" : "false")}, or \"{value}\" in quotes if text is meant";
            return true;
        }

        if (Integer(value) is not { } number || yaml12 is JsonValue same && same.TryGetValue<long>(out var read) && read == number)
        {
            return false;
        }

        kubectl = JsonValue.Create(number);
        var other = yaml12 is null ? "null" : yaml12.GetValueKind() == System.Text.Json.JsonValueKind.String ? $"the string \"{value}\"" : yaml12.ToJsonString();
        note = $"the plain value {value} is read as {number} by kubectl and the API server (YAML 1.1) but as {other} by YAML 1.2 tools: " +
            $"write {number}, or quote it if text is meant";
        return true;
    }

    /// <summary>go-yaml v2: underscores dropped, then Go's <c>strconv.ParseInt(s, 0, 64)</c> (0x, 0o, 0b, leading-0 octal).</summary>
    private static long? Integer(string value)
    {
        var plain = value.Replace("_", "", StringComparison.Ordinal);
        var match = GoInteger().Match(plain);
        if (!match.Success)
        {
            return null;
        }

        var digits = match.Groups["digits"].Value;
        var radix = match.Groups["prefix"].Value.ToLowerInvariant() switch
        {
            "0x" => 16,
            "0o" => 8,
            "0b" => 2,
            _ when digits.Length > 1 && digits[0] == '0' => 8,
            _ => 10,
        };
        var number = BigInteger.Zero;
        foreach (var digit in digits)
        {
            var d = int.Parse(digit.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (d >= radix)
            {
                return null; // 09 is no octal number: go-yaml v2 then tries a float, as YAML 1.2 does
            }

            number = (number * radix) + d;
        }

        if (match.Groups["sign"].Value == "-")
        {
            number = -number;
        }

        return number >= long.MinValue && number <= long.MaxValue ? (long)number : null;
    }

    [GeneratedRegex("^(?<sign>[-+]?)(?<prefix>0[xXoObB])?(?<digits>[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoInteger();
}
