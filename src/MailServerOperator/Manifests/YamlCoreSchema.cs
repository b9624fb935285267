using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MailServerOperator.Manifests;

/// <summary>
/// Resolves YAML scalars to JSON values with the YAML 1.2 core schema: plain <c>true</c>/<c>false</c>, integers (also
/// <c>0x</c>/<c>0o</c>), floats and <c>null</c>/<c>~</c>/empty get their JSON types; quoted and block scalars stay strings;
/// the standard tags (<c>!!str</c>, <c>!!int</c>, ...) are honoured.
/// </summary>
internal static partial class YamlCoreSchema
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(Scalar scalar)
    {
        var tag = scalar.Tag;
        if (tag.IsNonSpecific)
        {
            return JsonValue.Create(scalar.Value);
        }

        var standardTag = !tag.IsEmpty && tag.Value.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag.Value[TagPrefix.Length..] : null;
        if (standardTag is null && scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(scalar.Value);
        }

        var line = (int)scalar.Start.Line;
        return standardTag switch
        {
            "str" => JsonValue.Create(scalar.Value),
            "null" => IsNull(scalar.Value) ? null : throw Mismatch(line, scalar.Value, "!!null"),
            "bool" => TryBool(scalar.Value, out var flag) ? JsonValue.Create(flag) : throw Mismatch(line, scalar.Value, "!!bool"),
            "int" => TryInteger(scalar.Value, out var integer) ? integer : throw Mismatch(line, scalar.Value, "!!int"),
            "float" => TryInteger(scalar.Value, out var whole) ? whole : TryFloat(scalar.Value, line, out var real) ? real : throw Mismatch(line, scalar.Value, "!!float"),
            _ => ResolvePlain(scalar.Value, line),
        };
    }

    private static JsonNode? ResolvePlain(string value, int line)
    {
        if (IsNull(value))
        {
            return null;
        }

        if (TryBool(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (TryInteger(value, out var integer))
        {
            return integer;
        }

        return TryFloat(value, line, out var real) ? real : JsonValue.Create(value);
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static bool TryBool(string value, out bool flag)
    {
        flag = value is "true" or "True" or "TRUE";
        return flag || value is "false" or "False" or "FALSE";
    }

    private static bool TryInteger(string value, out JsonNode? integer)
    {
        integer = null;
        BigInteger number;
        if (DecimalInteger().IsMatch(value))
        {
            number = BigInteger.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2 && value.Skip(2).All(char.IsAsciiHexDigit))
        {
            number = BigInteger.Parse("0" + value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value.Skip(2).All(c => c is >= '0' and <= '7'))
        {
            number = value.Skip(2).Aggregate(BigInteger.Zero, (sum, digit) => (sum * 8) + (digit - '0'));
        }
        else
        {
            return false;
        }

        integer = number >= long.MinValue && number <= long.MaxValue
            ? JsonValue.Create((long)number)
            : JsonNode.Parse(number.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    private static bool TryFloat(string value, int line, out JsonNode? real)
    {
        real = null;
        if (value is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN")
        {
            throw new ManifestContentException(line, $"{value} (infinity or not-a-number) cannot be represented in JSON; quote it if a string is meant");
        }

        if (!DecimalFloat().IsMatch(value))
        {
            return false;
        }

        var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number))
        {
            throw new ManifestContentException(line, $"{value} is too large for a JSON number");
        }

        real = JsonValue.Create(number);
        return true;
    }

    private static ManifestContentException Mismatch(int line, string value, string tag) =>
        new(line, $"\"{value}\" is not a valid {tag} value");

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalFloat();
}
