using System.Net.Http.Headers;
using System.Text.Json;
using k8s.Autorest;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// Requests on the client's own HttpClient (its handlers, connections, TLS settings and credentials) for what
/// KubernetesClient.Aot cannot do itself: watches, a list read as a stream, and creates whose body is JSON the
/// operator built (its generated serializer knows only the built-in models).
/// </summary>
internal static class KubernetesRequests
{
    /// <summary>The response once its headers arrived; a status other than 2xx throws <see cref="HttpOperationException"/>, as the client's own calls do.</summary>
    public static Task<HttpResponseMessage> GetAsync(k8s.Kubernetes client, string path, CancellationToken cancellationToken) =>
        SendAsync(client, HttpMethod.Get, path, null, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> and returns the object the API server answered with.</summary>
    public static async Task<JsonElement> PostAsync(k8s.Kubernetes client, string path, JsonElement body, CancellationToken cancellationToken)
    {
        using var response = await PostForResponseAsync(client, path, body, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/>; the response once its headers arrived (its status, its warnings).</summary>
    public static Task<HttpResponseMessage> PostForResponseAsync(k8s.Kubernetes client, string path, JsonElement body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Api.MailServerJsonContext.Default.JsonElement));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return SendAsync(client, HttpMethod.Post, path, content, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendAsync(k8s.Kubernetes client, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var baseUri = client.BaseUri.AbsoluteUri;
        var http = client.HttpClient;
        using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUri.EndsWith('/') ? baseUri : baseUri + "/"), path))
        {
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
            Content = content,
        };
        request.Headers.Accept.ParseAdd("application/json");
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {body}")
                {
                    Response = new HttpResponseMessageWrapper(response, body),
                };
            }
        }

        return response;
    }
}
