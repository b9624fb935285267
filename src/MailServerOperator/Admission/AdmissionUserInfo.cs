namespace MailServerOperator.Admission;

/// <summary>Who sent the request to the apiserver, as the apiserver authenticated them: all of it, for a SubjectAccessReview.</summary>
internal sealed record AdmissionUserInfo
{
    public string? Username { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>What the authenticator added (scopes, a token's node binding): authorizers may decide by it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra { get; init; }
}
