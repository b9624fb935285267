using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>The outcome of validating one MailServer document.</summary>
/// <param name="Issues">Every error and warning, schema first, then rules, each in field order.</param>
/// <param name="Server">The typed object; null when the document could not be read into one (see the errors).</param>
internal sealed record ValidationReport(IReadOnlyList<ValidationIssue> Issues, MailServer? Server)
{
    public bool HasErrors => Issues.Any(issue => issue.Severity == ValidationSeverity.Error);

    public IReadOnlyList<ValidationIssue> Errors => [.. Issues.Where(issue => issue.Severity == ValidationSeverity.Error)];

    public IReadOnlyList<ValidationIssue> Warnings => [.. Issues.Where(issue => issue.Severity == ValidationSeverity.Warning)];
}
