namespace MailServerOperator.Certificates;

/// <summary>What a certificate check decided to replace, and why (for the log).</summary>
internal sealed record RotationPlan(bool NewAuthority, bool NewServing, bool DropPreviousAuthority, IReadOnlyList<string> Reasons)
{
    public static RotationPlan Keep { get; } = new(false, false, false, []);

    public bool HasChanges => NewAuthority || NewServing || DropPreviousAuthority;

    public string Summary => string.Join("; ", Reasons);
}
