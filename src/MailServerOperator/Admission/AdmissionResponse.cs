namespace MailServerOperator.Admission;

/// <summary>The answer to one request: allowed or not, why not, and warnings that kubectl (1.19+) prints.</summary>
internal sealed record AdmissionResponse
{
    public required string Uid { get; init; }

    public required bool Allowed { get; init; }

    public AdmissionStatus? Status { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}
