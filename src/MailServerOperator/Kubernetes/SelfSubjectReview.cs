using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// Asks the API server who the operator is (<c>POST /apis/authentication.k8s.io/VERSION/selfsubjectreviews</c>):
/// <c>v1</c> from Kubernetes 1.28, <c>v1beta1</c> in 1.27, <c>v1alpha1</c> in 1.26 (behind a feature gate). A version the
/// server does not serve answers 404 and the next is tried; older servers serve none.
/// </summary>
internal static class SelfSubjectReview
{
    public const string Group = "authentication.k8s.io";

    public static readonly IReadOnlyList<string> Versions = ["v1", "v1beta1", "v1alpha1"];

    /// <summary>The user name and the version that told it; null when no version is served or it named nobody.</summary>
    /// <exception cref="HttpOperationException">The review was refused (403) or failed; 404s are not errors.</exception>
    public static async Task<OperatorUser?> AskAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var version in Versions)
        {
            object response;
            try
            {
                using var review = JsonDocument.Parse($$"""{"apiVersion":"{{Group}}/{{version}}","kind":"SelfSubjectReview"}""");
                response = await KubernetesRequests.PostAsync((k8s.Kubernetes)client, $"apis/{Group}/{version}/selfsubjectreviews", review.RootElement, cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            return UserNameOf(response) is { Length: > 0 } name ? new OperatorUser(name, $"SelfSubjectReview {Group}/{version}") : null;
        }

        return null;
    }

    /// <summary><c>status.userInfo.username</c> of a SelfSubjectReview response.</summary>
    public static string? UserNameOf(object? response) =>
        response is JsonElement { ValueKind: JsonValueKind.Object } review
        && review.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
        && status.TryGetProperty("userInfo", out var userInfo) && userInfo.ValueKind == JsonValueKind.Object
        && userInfo.TryGetProperty("username", out var username) && username.ValueKind == JsonValueKind.String
            ? username.GetString()
            : null;
}
