using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// Creates of custom objects given as JSON, POSTed on the client's own HttpClient as the operator does
/// (<see cref="KubernetesRequests"/>): KubernetesClient.Aot's generated serializer knows only the built-in models.
/// A status other than 2xx throws <see cref="k8s.Autorest.HttpOperationException"/>, as the client's own calls do.
/// </summary>
internal static class CustomObjectRequests
{
    /// <summary>The object the API server created (or would have, with <paramref name="dryRun"/>).</summary>
    public static Task<JsonElement> CreateAsync(IKubernetes client, JsonNode body, string group, string version, string @namespace, string plural, string? dryRun = null, CancellationToken cancellationToken = default) =>
        KubernetesRequests.PostAsync((k8s.Kubernetes)client, Path(group, version, @namespace, plural, dryRun), Element(body), cancellationToken);

    /// <summary>The API server's response (its status, its warnings).</summary>
    public static Task<HttpResponseMessage> CreateForResponseAsync(IKubernetes client, JsonNode body, string group, string version, string @namespace, string plural, string? dryRun = null) =>
        KubernetesRequests.PostForResponseAsync((k8s.Kubernetes)client, Path(group, version, @namespace, plural, dryRun), Element(body), CancellationToken.None);

    private static string Path(string group, string version, string @namespace, string plural, string? dryRun) =>
        $"apis/{group}/{version}/namespaces/{@namespace}/{plural}" + (dryRun is null ? string.Empty : "?dryRun=" + Uri.EscapeDataString(dryRun));

    private static JsonElement Element(JsonNode body) => JsonElement.Parse(body.ToJsonString());
}
