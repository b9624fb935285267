namespace MailServerOperator.Admission;

/// <summary>Which object a refusal is about and, for an invalid one, a cause for each field (kubectl lists them).</summary>
internal sealed record AdmissionStatusDetails
{
    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<AdmissionStatusCause>? Causes { get; init; }
}
