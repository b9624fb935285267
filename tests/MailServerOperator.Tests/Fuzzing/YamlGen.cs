using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace MailServerOperator.Tests.Fuzzing;

/// <summary>YAML texts of generated documents: block or flow style, comments, document markers; and broken ones.</summary>
internal static class YamlGen
{
    private static readonly string[] Junk = [":", "{", "}", "[", "]", "&a ", "*a", "!!int ", "!!str ", "|", ">", "'", "\"", "#", "%YAML 1.1\n", "@", "\t", "\n", "- ", "---\n", "...\n", "<<: *a\n", "? ", "\\", "\u00a0", "\ufeff"];

    /// <summary>A document and a YAML text that means exactly it.</summary>
    public static readonly Gen<(JsonObject Document, string Yaml)> Faithful =
        Gen.Select(MailServerGen.Document, Gen.Bool, Gen.Bool, Gen.Int[0, 3], (document, flow, marker, indent) =>
            (document, (marker ? "---\n" : "") + "# generated\n" + (flow ? document.ToJsonString() : Block(document, indent + 1)) + "\n"));

    /// <summary>A YAML text of a document, then edited at random: most are malformed.</summary>
    public static readonly Gen<string> Broken = Gen.Select(Faithful, Edit.Array[1, 4], (faithful, edits) =>
        edits.Aggregate(faithful.Yaml, (text, edit) => edit(text)));

    private static Gen<Func<string, string>> Edit => Gen.Frequency(
        (3, Gen.Select(Gen.OneOf<string>(Junk), Gen.Double[0, 1], (junk, at) => (Func<string, string>)(text => text.Insert(Position(text, at), junk)))),
        (2, Gen.Select(Gen.Double[0, 1], Gen.Int[1, 20], (at, length) => (Func<string, string>)(text =>
        {
            var start = Position(text, at);
            return text.Remove(start, Math.Min(length, text.Length - start));
        }))),
        (1, Gen.Double[0, 1].Select(at => (Func<string, string>)(text => text[..Position(text, at)]))),
        (1, Gen.Char.Select(c => (Func<string, string>)(text => text + c))));

    private static int Position(string text, double at) => (int)(at * text.Length);

    private static string Block(JsonObject document, int indent)
    {
        var builder = new StringBuilder();
        WriteMapping(builder, document, 0, indent);
        return builder.ToString();
    }

    private static void WriteMapping(StringBuilder builder, JsonObject mapping, int level, int indent)
    {
        foreach (var (key, value) in mapping)
        {
            builder.Append(' ', level * indent).Append(Quoted(key)).Append(':');
            WriteValue(builder, value, level, indent);
        }
    }

    private static void WriteValue(StringBuilder builder, JsonNode? value, int level, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } mapping:
                builder.Append('\n');
                WriteMapping(builder, mapping, level + 1, indent);
                break;
            case JsonArray { Count: > 0 } sequence:
                builder.Append('\n');
                foreach (var item in sequence)
                {
                    builder.Append(' ', (level + 1) * indent).Append('-');
                    WriteValue(builder, item, level + 1, indent);
                }

                break;
            default:
                // Scalars, {} and [] as JSON, which is YAML flow: strings double-quoted, so nothing is resolved by the reader.
                builder.Append(' ').Append(value?.ToJsonString() ?? "null").Append('\n');
                break;
        }
    }

    private static string Quoted(string key) => JsonValue.Create(key).ToJsonString();
}
