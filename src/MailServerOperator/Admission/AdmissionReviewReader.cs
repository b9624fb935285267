using System.Text.Json;

namespace MailServerOperator.Admission;

/// <summary>
/// Reads an <c>admission.k8s.io/v1</c> AdmissionReview from a request body. Never throws for bad input: whatever is
/// wrong is said in one line, addressed by its JSON path, for a 400 answer. The line never names a .NET type and never
/// repeats what the caller sent (it goes into the log too).
/// </summary>
internal static class AdmissionReviewReader
{
    public static AdmissionReviewReadResult Read(ReadOnlySpan<byte> body)
    {
        AdmissionReview? review;
        try
        {
            review = JsonSerializer.Deserialize(body, AdmissionJsonContext.Default.AdmissionReview);
        }
        catch (JsonException ex)
        {
            // The exception's own message names .NET types; the JSON path and position say all a client needs.
            return AdmissionReviewReadResult.Malformed($"not an AdmissionReview: {Where(ex)}");
        }

        if (review is null)
        {
            return AdmissionReviewReadResult.Malformed("not an AdmissionReview: the body is JSON null");
        }

        if (review.ApiVersion != AdmissionReview.ApiVersionName)
        {
            return AdmissionReviewReadResult.Malformed($"apiVersion: must be {AdmissionReview.ApiVersionName} (register the webhook with admissionReviewVersions: [v1])");
        }

        if (review.Kind != AdmissionReview.KindName)
        {
            return AdmissionReviewReadResult.Malformed($"kind: must be {AdmissionReview.KindName}");
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

        if (!AdmissionOperations.Judged.Contains(request.Operation, StringComparer.Ordinal))
        {
            // Checked before the operation becomes a metric label or a log field: only these values ever do.
            return AdmissionReviewReadResult.Malformed($"request.operation: must be one of {string.Join(", ", AdmissionOperations.Judged)}");
        }

        if (request.Operation is AdmissionOperations.Create or AdmissionOperations.Update && request.Object is not { ValueKind: JsonValueKind.Object })
        {
            return AdmissionReviewReadResult.Malformed($"request.object: required for {request.Operation}, as a JSON object");
        }

        return AdmissionReviewReadResult.Read(request);
    }

    private const int MaxPathLength = 80;

    private static string Where(JsonException ex) =>
        ex is { Path: { } path, LineNumber: { } line, BytePositionInLine: { } position }
            ? $"malformed or unexpected JSON (path {Printable(path)}, line {line + 1}, byte {position + 1})"
            : "malformed JSON";

    /// <summary>A path may hold a map key the caller chose: kept short and on one line.</summary>
    private static string Printable(string path)
    {
        var shown = path.Length > MaxPathLength ? path[..MaxPathLength] + "…" : path;
        return string.Create(shown.Length, shown, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }
}
