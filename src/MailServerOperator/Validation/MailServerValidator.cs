using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// The one validation of a MailServer document, shared by the admission webhook, the reconciler and the offline
/// <c>validate</c> command: apiVersion and kind, the CRD schema, the document read into the typed model, then
/// <see cref="MailServerRules"/>. Never throws for bad input; every problem is a field-addressed issue.
/// </summary>
internal static class MailServerValidator
{
    public static ValidationReport Validate(JsonElement document, MailServerValidationOptions? options = null)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return new ValidationReport([NotAnObject(document)], null);
        }

        return Validate(document, options, CrdSchemaValidator.Validate(document));
    }

    /// <summary>The same, with the schema's verdict given (for tests of how the two are merged).</summary>
    public static ValidationReport Validate(JsonElement document, MailServerValidationOptions? options, IReadOnlyList<ValidationIssue> schemaIssues)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return new ValidationReport([.. schemaIssues, NotAnObject(document)], null);
        }

        var ownIssues = new List<ValidationIssue>();
        CheckTypeMeta(document, ownIssues);
        var read = MailServerDeserializer.Deserialize(document);
        ownIssues.AddRange(read.Issues);
        if (read.Server is { } server)
        {
            // An object with an unreadable field is judged only outside it: its other fields would be judged against a
            // default standing in for the value the user actually wrote (tls against port, apop against protocol).
            ownIssues.AddRange(MailServerRules.Validate(server, options ?? MailServerValidationOptions.Default).Where(issue =>
                !read.UnreadableFields.Any(field => FieldPath.IsWithin(issue.Field, FieldPath.Parent(field) ?? FieldPath.Root))));
        }

        // One error a field: the first one found says it best (apiVersion and kind before their type, the type before the
        // rules), and where this layer found an error its message, which says what to write instead, replaces the
        // schema's generic one.
        var ownErrorFields = new HashSet<string>(StringComparer.Ordinal);
        ownIssues.RemoveAll(issue => issue.Severity == ValidationSeverity.Error && !ownErrorFields.Add(issue.Field));
        List<ValidationIssue> issues =
        [
            .. schemaIssues.Where(issue => issue.Severity == ValidationSeverity.Warning || !ownErrorFields.Contains(issue.Field)),
            .. ownIssues,
        ];
        return new ValidationReport(issues, read.UnreadableFields.Count == 0 ? read.Server : null);
    }

    private static ValidationIssue NotAnObject(JsonElement document) => ValidationIssue.Error(
        FieldPath.Root,
        $"a MailServer must be an object with apiVersion, kind, metadata and spec, not {JsonValueDescription.Of(document)}");

    private static void CheckTypeMeta(JsonElement document, List<ValidationIssue> issues)
    {
        Check("apiVersion", MailServer.ApiVersionName, ": this operator serves only that version");
        Check("kind", MailServer.KindName, "");

        void Check(string field, string expected, string why)
        {
            if (!document.TryGetProperty(field, out var value))
            {
                issues.Add(ValidationIssue.Error(field, $"required: {expected}"));
            }
            else if (value.ValueKind != JsonValueKind.String || !string.Equals(value.GetString(), expected, StringComparison.Ordinal))
            {
                issues.Add(ValidationIssue.Error(field, $"must be {expected}, not {JsonValueDescription.Of(value)}{why}"));
            }
        }
    }
}
