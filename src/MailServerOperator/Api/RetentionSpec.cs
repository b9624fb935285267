namespace MailServerOperator.Api;

internal sealed record RetentionSpec
{
    public bool? LeaveOnServer { get; init; }
    public int? DeleteAfterDays { get; init; }
}
