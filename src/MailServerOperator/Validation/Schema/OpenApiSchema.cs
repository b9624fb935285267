using System.Collections.Frozen;
using System.Text.Json;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// One node of a CRD's structural OpenAPI v3 schema: the keywords the API server validates with, plus the
/// documentation ones (<c>description</c>, <c>format</c>, <c>default</c>) that tests inspect.
/// </summary>
internal sealed record OpenApiSchema
{
    /// <summary>A node that accepts any value and does not look inside it.</summary>
    public static OpenApiSchema Anything { get; } = new() { PreserveUnknownFields = true };

    public SchemaType Type { get; init; }
    public string? Description { get; init; }
    public string? Format { get; init; }
    public JsonElement? Default { get; init; }

    /// <summary><c>x-kubernetes-int-or-string</c>: an integer or a string (a quantity, for example).</summary>
    public bool IntOrString { get; init; }
    public bool Nullable { get; init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>: fields not in <see cref="Properties"/> are kept, not refused.</summary>
    public bool PreserveUnknownFields { get; init; }

    public FrozenDictionary<string, OpenApiSchema> Properties { get; init; } = FrozenDictionary<string, OpenApiSchema>.Empty;
    public IReadOnlyList<string> Required { get; init; } = [];
    public OpenApiSchema? Items { get; init; }
    public IReadOnlyList<JsonElement>? Enum { get; init; }
    public SchemaPattern? Pattern { get; init; }
    public SchemaBound? Minimum { get; init; }
    public SchemaBound? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }

    /// <summary><c>x-kubernetes-list-type</c>: <c>atomic</c> (or unset), <c>set</c> or <c>map</c>.</summary>
    public string? ListType { get; init; }
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];
}
