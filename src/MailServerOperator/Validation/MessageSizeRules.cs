using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>A maxMessageSize is a positive, whole number of bytes written as a Kubernetes quantity.</summary>
internal static class MessageSizeRules
{
    public static void Check(string field, string? maxMessageSize, List<ValidationIssue> issues)
    {
        if (maxMessageSize is not null && !ByteQuantity.TryParse(maxMessageSize, out _, out var problem))
        {
            issues.Add(ValidationIssue.Error(field, problem));
        }
    }
}
