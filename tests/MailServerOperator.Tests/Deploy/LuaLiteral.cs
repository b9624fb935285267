using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MailServerOperator.Tests.Deploy;

/// <summary>
/// Writes a JSON value as a Lua 5.1 table constructor, the way Argo CD hands an object to a health script: objects
/// become tables keyed by string, arrays become sequences, null becomes nil (an absent field). No Lua JSON library needed.
/// </summary>
internal static class LuaLiteral
{
    public static string From(JsonElement value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                foreach (var property in value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
                {
                    builder.Append('[');
                    WriteString(builder, property.Name);
                    builder.Append("]=");
                    Write(builder, property.Value);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('{');
                foreach (var item in value.EnumerateArray())
                {
                    Write(builder, item);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                break;
            case JsonValueKind.Number:
                // Argo CD's Lua numbers are float64, as are Lua 5.1's.
                builder.Append(value.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("nil");
                break;
        }
    }

    /// <summary>A quoted Lua string: printable ASCII as is, every other byte of the UTF-8 text as a decimal escape.</summary>
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and < 0x7f && b != '"' && b != '\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }

        builder.Append('"');
    }
}
