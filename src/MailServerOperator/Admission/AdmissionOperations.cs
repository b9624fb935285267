namespace MailServerOperator.Admission;

internal static class AdmissionOperations
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";
}
