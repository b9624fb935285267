namespace MailServerOperator.Status;

/// <summary>The condition types a MailServer's status carries (kstatus: Ready is the summary; Reconciling and Stalled are abnormal-true).</summary>
internal static class ConditionTypes
{
    public const string Valid = "Valid";
    public const string IncomingReachable = "IncomingReachable";
    public const string OutgoingReachable = "OutgoingReachable";
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
}
