namespace MailServerOperator.Validation;

/// <summary>What the caller allows beyond the rules for user objects.</summary>
internal sealed record MailServerValidationOptions
{
    public static MailServerValidationOptions Default { get; } = new();

    /// <summary>
    /// Accept the reserved names <c>gmail</c> and <c>exchange-online</c>. Only the operator's own built-in entries may pass
    /// this; a label on a user's object is never enough, so the caller decides (for example from the requesting user).
    /// </summary>
    public bool AllowReservedNames { get; init; }
}
