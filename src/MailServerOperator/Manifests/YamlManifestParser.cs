using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MailServerOperator.Manifests;

/// <summary>
/// Splits a YAML stream into documents and converts each to JSON, keeping the line of every field. A document that cannot
/// be converted becomes a problem and the next one is still read; a syntax error ends the file (YAML cannot resync).
/// </summary>
internal sealed class YamlManifestParser
{
    /// <summary>Deeper nesting than System.Text.Json reads by default is refused up front.</summary>
    public const int MaxDepth = 64;

    /// <summary>Guards against alias bombs ("billion laughs"): no document expands to more nodes than this.</summary>
    public const int MaxNodes = 100_000;

    private readonly Parser parser;
    private readonly string source;
    private readonly Dictionary<string, JsonNode?> anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> fieldLines = new(StringComparer.Ordinal);
    private readonly List<ManifestNote> notes = [];
    private int nodeCount;
    private int lastLine = 1;

    private YamlManifestParser(string source, string text)
    {
        this.source = source;
        parser = new Parser(new StringReader(text));
    }

    public static ManifestFile Parse(string source, string text) => new YamlManifestParser(source, text).ParseStream();

    private ManifestFile ParseStream()
    {
        var documents = new List<ManifestDocument>();
        var problems = new List<ManifestProblem>();
        try
        {
            Next(); // StreamStart
            Next();
            for (var index = 0; parser.Current is DocumentStart; index++)
            {
                Next();
                var start = parser.Current?.Start.Line is { } startLine ? (int)startLine : lastLine;
                try
                {
                    if (ReadDocument(index, start) is { } document)
                    {
                        documents.AddRange(KubernetesList.Expand(document));
                    }
                }
                catch (ManifestContentException exception)
                {
                    problems.Add(new ManifestProblem(source, exception.Line, exception.Message, ManifestProblemKind.Malformed));
                    while (parser.Current is not DocumentEnd)
                    {
                        Next();
                    }
                }

                Next();
            }
        }
        catch (YamlException exception)
        {
            var line = exception.Start.Line > 0 ? (int)exception.Start.Line : lastLine;
            problems.Add(new ManifestProblem(source, line, $"malformed YAML: {exception.Message}", ManifestProblemKind.Malformed));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these for some truncated input (an unclosed flow collection at the end of the file).
            problems.Add(new ManifestProblem(source, lastLine, "malformed YAML: unexpected end of the document (an unclosed [ or {?)", ManifestProblemKind.Malformed));
        }

        return new ManifestFile(source, documents, problems);
    }

    private ManifestDocument? ReadDocument(int index, int line)
    {
        anchors.Clear();
        fieldLines.Clear();
        notes.Clear();
        nodeCount = 0;
        var isEmpty = parser.Current is Scalar { Tag.IsEmpty: true, Style: ScalarStyle.Plain } scalar && YamlCoreSchema.Resolve(scalar) is null;
        var root = ReadNode(FieldPath.Root, line, 0);
        if (isEmpty || root is null)
        {
            return null;
        }

        var content = JsonSerializer.SerializeToElement(root, MailServerJsonContext.Default.JsonNode);
        return new ManifestDocument(source, index, line, content, new Dictionary<string, int>(fieldLines, StringComparer.Ordinal)) { Notes = [.. notes] };
    }

    private JsonNode? ReadNode(string path, int line, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ManifestContentException(line, $"nested deeper than {MaxDepth} levels");
        }

        fieldLines.TryAdd(path, line);
        var current = parser.Current;
        var node = current switch
        {
            Scalar scalar => ReadScalar(scalar, path),
            SequenceStart => ReadSequence(path, depth),
            MappingStart => ReadMapping(path, depth),
            AnchorAlias alias => ReadAlias(alias),
            _ => throw new ManifestContentException(line, $"unexpected {current?.GetType().Name}"),
        };

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = node;
        }

        return node;
    }

    private JsonNode? ReadScalar(Scalar scalar, string path)
    {
        Count(scalar.Start.Line, 1);
        Next();
        var value = YamlCoreSchema.Resolve(scalar);
        if (IsPlainUntagged(scalar) && Yaml11Scalars.TryReadDifferently(scalar.Value, value, out var kubectl, out var note))
        {
            notes.Add(new ManifestNote(path, note));
            return kubectl;
        }

        return value;
    }

    private static bool IsPlainUntagged(Scalar scalar) => scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;

    private JsonArray ReadSequence(string path, int depth)
    {
        Count(parser.Current!.Start.Line, 1);
        Next();
        var array = new JsonArray();
        while (parser.Current is not SequenceEnd)
        {
            var itemPath = FieldPath.Index(path, array.Count);
            array.Add(ReadNode(itemPath, (int)parser.Current!.Start.Line, depth + 1));
        }

        Next();
        return array;
    }

    private JsonObject ReadMapping(string path, int depth)
    {
        Count(parser.Current!.Start.Line, 1);
        Next();
        var mapping = new JsonObject();
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.Current is not MappingEnd)
        {
            if (parser.Current is not Scalar key)
            {
                throw new ManifestContentException((int)parser.Current!.Start.Line, "a mapping key must be a plain value, not a list or a mapping");
            }

            var keyLine = (int)key.Start.Line;
            if (keyLines.TryGetValue(key.Value, out var firstLine))
            {
                throw new ManifestContentException(keyLine, $"duplicate key \"{key.Value}\" (first at line {firstLine})");
            }

            keyLines[key.Value] = keyLine;
            Next();
            var name = key.Value;
            if (IsPlainUntagged(key) && Yaml11Scalars.TryReadDifferently(key.Value, JsonValue.Create(key.Value), out var kubectl, out var note))
            {
                // A key that YAML 1.1 reads as a boolean or number reaches the API server as its JSON text ("yes" -> "true").
                name = kubectl!.ToJsonString();
                notes.Add(new ManifestNote(FieldPath.Child(path, name), "key: " + note));
            }

            if (mapping.ContainsKey(name))
            {
                throw new ManifestContentException(keyLine, $"duplicate key \"{name}\" (as kubectl reads \"{key.Value}\")");
            }

            mapping[name] = ReadNode(FieldPath.Child(path, name), keyLine, depth + 1);
        }

        Next();
        return mapping;
    }

    private JsonNode? ReadAlias(AnchorAlias alias)
    {
        var line = (int)alias.Start.Line;
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new ManifestContentException(line, $"alias *{alias.Value.Value} refers to no anchor before it");
        }

        Count(line, CountNodes(target));
        Next();
        return target?.DeepClone();
    }

    private void Count(long line, int nodes)
    {
        nodeCount += nodes;
        if (nodeCount > MaxNodes)
        {
            throw new ManifestContentException((int)line, $"the document expands to more than {MaxNodes} values (too many aliases?)");
        }
    }

    private static int CountNodes(JsonNode? node) => node switch
    {
        JsonObject mapping => 1 + mapping.Sum(property => CountNodes(property.Value)),
        JsonArray array => 1 + array.Sum(CountNodes),
        _ => 1,
    };

    private void Next()
    {
        if (!parser.MoveNext())
        {
            throw new YamlException(new Mark(), new Mark(), "unexpected end of the stream");
        }

        if (parser.Current is { } current && current.Start.Line > 0)
        {
            lastLine = (int)current.Start.Line;
        }
    }
}
