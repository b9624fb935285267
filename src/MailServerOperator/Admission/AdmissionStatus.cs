namespace MailServerOperator.Admission;

/// <summary>
/// A <c>metav1.Status</c> for a refusal. The apiserver passes code, reason and details on to the client and prefixes the
/// message with <c>admission webhook "NAME" denied the request: </c>.
/// </summary>
internal sealed record AdmissionStatus
{
    public string Status { get; init; } = "Failure";

    public required int Code { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public AdmissionStatusDetails? Details { get; init; }
}
