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

    /// <summary>
    /// Accept probe credentials on a server reached with <c>tls: None</c> (<c>run --allow-plaintext-credentials</c>,
    /// <c>validate --allow-plaintext-credentials</c>). Off, such a MailServer is invalid: the login would travel in clear text.
    /// </summary>
    public bool AllowPlaintextCredentials { get; init; }
}
