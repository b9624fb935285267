namespace MailServerOperator.Admission;

/// <summary>A request to judge, or why the body is not one (answered with HTTP 400).</summary>
internal sealed record AdmissionReviewReadResult(AdmissionRequest? Request, string? Problem)
{
    public static AdmissionReviewReadResult Read(AdmissionRequest request) => new(request, null);

    public static AdmissionReviewReadResult Malformed(string problem) => new(null, problem);
}
