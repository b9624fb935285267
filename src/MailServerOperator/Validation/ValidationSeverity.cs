namespace MailServerOperator.Validation;

internal enum ValidationSeverity
{
    Error,
    Warning,
}
