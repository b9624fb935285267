using System.Text.Json;

namespace MailServerOperator.Validation;

/// <summary>
/// Checks a MailServer document against the OpenAPI v3 schema of the embedded CRD, the way the API server would.
/// STUB: replaced by the real implementation.
/// </summary>
internal static class CrdSchemaValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(JsonElement document)
    {
        _ = document;
        return [];
    }
}
