using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s.Autorest;

namespace MailServerOperator.Kubernetes;

/// <summary>One line for a failed request to the API server, and its HTTP status when it got one.</summary>
internal static class KubernetesErrors
{
    public static HttpStatusCode? StatusOf(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        k8s.KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    public static bool IsConflict(Exception exception) => StatusOf(exception) == HttpStatusCode.Conflict;

    /// <summary>No answer at all: the connection was refused, reset or cut before a response (an API server restarting).</summary>
    public static bool IsUnreachable(Exception exception) =>
        exception is HttpRequestException { StatusCode: null, HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.NameResolutionError };

    /// <summary>"HTTP 403 Forbidden: leases.coordination.k8s.io is forbidden: ...", "connection refused (127.0.0.1:6443)", ...</summary>
    public static string Describe(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } =>
            $"HTTP {(int)response.StatusCode} {response.StatusCode}" + (MessageOf(response.Content) is { } message ? ": " + message : ""),
        k8s.KubernetesException k => $"HTTP {k.Status?.Code} {k.Status?.Reason}: {k.Status?.Message}",
        HttpRequestException { InnerException: SocketException socket } http => $"{Lower(socket.Message)} ({HostOf(http)})",
        HttpRequestException http => Lower(http.Message),
        TaskCanceledException or TimeoutException => "the request timed out",
        _ => Lower(exception.Message),
    };

    private static string? MessageOf(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(content);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message)
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return content.Length <= 200 ? content.Trim() : content[..200].Trim() + "...";
        }
    }

    // "Connection refused (127.0.0.1:6443)" already names the address; the socket's message alone does not.
    private static string HostOf(HttpRequestException http) =>
        http.Message.LastIndexOf('(') is var open and >= 0 && http.Message.EndsWith(')') ? http.Message[(open + 1)..^1] : "API server";

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
}
