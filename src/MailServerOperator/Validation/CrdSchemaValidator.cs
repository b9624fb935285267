using System.Collections.Frozen;
using System.Text.Json;
using MailServerOperator.Api;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Validation;

/// <summary>
/// Checks a MailServer document against the OpenAPI v3 schema of the embedded CRD, the way the API server would, so
/// that an offline check catches what <c>kubectl apply</c> would be refused for. Only <c>spec</c> (and the names of
/// the top-level fields) is checked: the API server owns <c>metadata</c>, and the operator writes <c>status</c>.
/// </summary>
internal static class CrdSchemaValidator
{
    private static readonly Lazy<OpenApiSchema> CrdSchema =
        new(() => OpenApiSchemaReader.ReadCrd(CrdResource.ReadYaml(), MailServer.Version));

    private static readonly Lazy<OpenApiSchema> SpecOnlySchema = new(() => WithoutChecks(CrdSchema.Value, "metadata", "status"));

    /// <summary>The whole <c>openAPIV3Schema</c> of the embedded CRD (read once).</summary>
    public static OpenApiSchema Schema => CrdSchema.Value;

    /// <summary>Validates a whole MailServer object (apiVersion, kind, metadata, spec, status) as JSON.</summary>
    /// <returns>Errors addressed by field path (<c>spec.incoming.port</c>); empty when the spec fits the schema.</returns>
    public static IReadOnlyList<ValidationIssue> Validate(JsonElement document) =>
        OpenApiValidator.Validate(document, SpecOnlySchema.Value);

    private static OpenApiSchema WithoutChecks(OpenApiSchema root, params string[] names)
    {
        var properties = new Dictionary<string, OpenApiSchema>(root.Properties, StringComparer.Ordinal);
        foreach (var name in names)
        {
            properties[name] = OpenApiSchema.Anything;
        }

        return root with { Properties = properties.ToFrozenDictionary(StringComparer.Ordinal) };
    }
}
