namespace MailServerOperator.Admission;

/// <summary>The <c>admission.k8s.io/v1</c> envelope: the apiserver sends a request and expects the same envelope back with a response.</summary>
internal sealed record AdmissionReview
{
    public const string ApiVersionName = "admission.k8s.io/v1";
    public const string KindName = "AdmissionReview";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public AdmissionRequest? Request { get; init; }

    public AdmissionResponse? Response { get; init; }

    public static AdmissionReview Answer(AdmissionResponse response) =>
        new() { ApiVersion = ApiVersionName, Kind = KindName, Response = response };
}
