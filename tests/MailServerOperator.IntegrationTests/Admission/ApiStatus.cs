using System.Text.Json;
using k8s.Autorest;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>The <c>metav1.Status</c> of a refused request, as a client sees it.</summary>
internal sealed record ApiStatus(int Code, string? Reason, string Message, IReadOnlyList<string> CauseFields)
{
    public static ApiStatus From(HttpOperationException ex)
    {
        using var document = JsonDocument.Parse(ex.Response.Content);
        var root = document.RootElement;
        var causes = root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var list)
            ? list.EnumerateArray().Select(cause => cause.GetProperty("field").GetString() ?? "").ToList()
            : [];
        return new ApiStatus(
            root.GetProperty("code").GetInt32(),
            root.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            root.GetProperty("message").GetString() ?? "",
            causes);
    }
}
