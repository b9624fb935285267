using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// The one validation of a MailServer document, shared by the admission webhook, the reconciler and the offline
/// <c>validate</c> command: the CRD schema, then the document read into the typed model, then <see cref="MailServerRules"/>.
/// Never throws for bad input; every problem is a field-addressed issue.
/// </summary>
internal static class MailServerValidator
{
    public static ValidationReport Validate(JsonElement document, MailServerValidationOptions? options = null)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return new ValidationReport(
                [ValidationIssue.Error(FieldPath.Root, $"a MailServer must be an object with apiVersion, kind, metadata and spec, not {JsonValueDescription.Of(document)}")],
                null);
        }

        var issues = new List<ValidationIssue>();
        CheckTypeMeta(document, issues);
        var schemaIssues = CrdSchemaValidator.Validate(document);
        issues.AddRange(schemaIssues);
        var schemaErrorFields = schemaIssues
            .Where(issue => issue.Severity == ValidationSeverity.Error)
            .Select(issue => issue.Field)
            .ToList();

        // The schema speaks first; a later error on a field it already rejected would only say the same thing again.
        bool IsNew(ValidationIssue issue) =>
            issue.Severity == ValidationSeverity.Warning ||
            !schemaErrorFields.Exists(field => FieldPath.IsWithin(issue.Field, field));

        var typeIssues = new List<ValidationIssue>();
        var server = MailServerDeserializer.Deserialize(document, typeIssues);
        issues.AddRange(typeIssues.Where(IsNew));
        if (server is not null)
        {
            issues.AddRange(MailServerRules.Validate(server, options ?? MailServerValidationOptions.Default).Where(IsNew));
        }

        return new ValidationReport(issues, server);
    }

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
