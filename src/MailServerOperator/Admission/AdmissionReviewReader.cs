using System.Text.Json;

namespace MailServerOperator.Admission;

/// <summary>
/// Reads an <c>admission.k8s.io/v1</c> AdmissionReview from a request body. Never throws for bad input: whatever is
/// wrong is said in one line, addressed by its JSON path, for a 400 answer.
/// </summary>
internal static class AdmissionReviewReader
{
    public static AdmissionReviewReadResult Read(ReadOnlySpan<byte> body)
    {
        AdmissionReview? review;
        try
        {
            review = JsonSerializer.Deserialize<AdmissionReview>(body, AdmissionJson.Options);
        }
        catch (JsonException ex)
        {
            return AdmissionReviewReadResult.Malformed($"not an AdmissionReview: {ex.Message}");
        }

        if (review is null)
        {
            return AdmissionReviewReadResult.Malformed("not an AdmissionReview: the body is JSON null");
        }

        if (review.ApiVersion != AdmissionReview.ApiVersionName)
        {
            return AdmissionReviewReadResult.Malformed($"apiVersion: must be {AdmissionReview.ApiVersionName} (register the webhook with admissionReviewVersions: [v1]), not {Describe(review.ApiVersion)}");
        }

        if (review.Kind != AdmissionReview.KindName)
        {
            return AdmissionReviewReadResult.Malformed($"kind: must be {AdmissionReview.KindName}, not {Describe(review.Kind)}");
        }

        if (review.Request is not { } request)
        {
            return AdmissionReviewReadResult.Malformed("request: required");
        }

        if (string.IsNullOrEmpty(request.Uid))
        {
            return AdmissionReviewReadResult.Malformed("request.uid: required");
        }

        if (string.IsNullOrEmpty(request.Operation))
        {
            return AdmissionReviewReadResult.Malformed("request.operation: required");
        }

        if (request.Operation is AdmissionOperations.Create or AdmissionOperations.Update && request.Object is not { ValueKind: JsonValueKind.Object })
        {
            return AdmissionReviewReadResult.Malformed($"request.object: required for {request.Operation}, as a JSON object");
        }

        return AdmissionReviewReadResult.Read(request);
    }

    private static string Describe(string? value) => value is null ? "absent" : $"\"{value}\"";
}
