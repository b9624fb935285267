namespace MailServerOperator.Admission;

/// <summary>Who sent the request to the apiserver, as the apiserver authenticated them.</summary>
internal sealed record AdmissionUserInfo
{
    public string? Username { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }
}
