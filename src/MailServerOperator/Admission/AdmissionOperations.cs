namespace MailServerOperator.Admission;

internal static class AdmissionOperations
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";

    /// <summary>What the webhook is registered for; any other operation is refused as a malformed review.</summary>
    public static IReadOnlyList<string> Judged { get; } = [Create, Update, Delete];
}
