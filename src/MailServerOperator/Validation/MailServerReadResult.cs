using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>A document read into the typed model: the object (without the values of the wrong type) and an error for each of those.</summary>
internal sealed record MailServerReadResult(MailServer? Server, IReadOnlyList<ValidationIssue> Issues, IReadOnlyList<string> UnreadableFields);
