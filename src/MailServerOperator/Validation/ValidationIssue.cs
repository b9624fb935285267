namespace MailServerOperator.Validation;

/// <summary>One problem found in a MailServer, addressed by its field path (for example <c>spec.incoming.port</c>).</summary>
internal sealed record ValidationIssue(string Field, string Message, ValidationSeverity Severity)
{
    public static ValidationIssue Error(string field, string message) => new(field, message, ValidationSeverity.Error);

    public static ValidationIssue Warning(string field, string message) => new(field, message, ValidationSeverity.Warning);

    public override string ToString() => $"{Field}: {Message}";
}
