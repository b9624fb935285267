using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Manifests;

/// <summary>One YAML document of a manifest file, as JSON, with the line of every field.</summary>
/// <param name="Source">The file as the user named it (<c>examples/pop3-isp.yaml</c>), or <c>&lt;stdin&gt;</c>.</param>
/// <param name="Index">The document's place in its file, counting from 0 (items of a List share their List's index).</param>
/// <param name="Line">The 1-based line where the document's content starts.</param>
/// <param name="Content">The document converted to JSON with YAML 1.2 core-schema scalars, except where kubectl (YAML 1.1) reads a plain scalar otherwise (see <see cref="Notes"/>).</param>
/// <param name="FieldLines">The 1-based line of each field path (<c>spec.incoming.port</c>) present in the document.</param>
internal sealed record ManifestDocument(string Source, int Index, int Line, JsonElement Content, IReadOnlyDictionary<string, int> FieldLines)
{
    /// <summary>Fields read as kubectl reads them where YAML 1.1 and 1.2 differ; each a warning for the author.</summary>
    public IReadOnlyList<ManifestNote> Notes { get; init; } = [];

    public string? ApiVersion => TopLevelString("apiVersion");

    public string? Kind => TopLevelString("kind");

    public string? Name => MetadataString("name");

    public string? Namespace => MetadataString("namespace");

    /// <summary>The line of <paramref name="field"/>, or of its nearest enclosing field that is present, or of the document.</summary>
    public int LineOf(string field)
    {
        for (string? path = field; path is not null; path = FieldPath.Parent(path))
        {
            if (FieldLines.TryGetValue(path, out var line))
            {
                return line;
            }
        }

        return Line;
    }

    private string? TopLevelString(string property) =>
        Content.ValueKind == JsonValueKind.Object &&
        Content.TryGetProperty(property, out var value) &&
        value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private string? MetadataString(string property) =>
        Content.ValueKind == JsonValueKind.Object &&
        Content.TryGetProperty("metadata", out var metadata) &&
        metadata.ValueKind == JsonValueKind.Object &&
        metadata.TryGetProperty(property, out var value) &&
        value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
