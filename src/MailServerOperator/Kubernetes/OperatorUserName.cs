using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// The user name that the apiserver gives this operator's own requests, so that the webhook can tell them apart
/// (only the operator may change the built-ins): what the API server says in a SelfSubjectReview (Kubernetes 1.26+),
/// else what the credentials say: in a cluster the service account (<c>system:serviceaccount:NAMESPACE:NAME</c>, read
/// from the mounted token), else the kubeconfig's (a JWT's subject, a client certificate's common name). A static token
/// on an older server says nothing: then the name must be given (<c>run --operator-username</c>).
/// </summary>
internal static class OperatorUserName
{
    public const string InClusterTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private static readonly TimeSpan ReviewTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The SelfSubjectReview's answer, else <see cref="FromCredentials"/>; <c>ReviewProblem</c> says why the review gave none
    /// when it failed (refused, unreachable), rather than not being served.
    /// </summary>
    public static async Task<(OperatorUser? User, string? ReviewProblem)> ResolveAsync(IKubernetes client, string? kubeconfigPath, CancellationToken cancellationToken)
    {
        string? problem = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReviewTimeout);
        try
        {
            if (await SelfSubjectReview.AskAsync(client, timeout.Token) is { } reviewed)
            {
                return (reviewed, null);
            }
        }
        catch (HttpOperationException ex)
        {
            problem = $"SelfSubjectReview answered HTTP {(int)ex.Response.StatusCode}";
        }
        catch (Exception ex) when ((ex is HttpRequestException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            problem = ex is OperationCanceledException ? $"SelfSubjectReview got no answer within {ReviewTimeout.TotalSeconds:0}s" : "SelfSubjectReview failed: " + ex.Message;
        }

        return (FromCredentials(kubeconfigPath), problem);
    }

    /// <summary>Null when the credentials do not tell. The token is read, never logged or returned.</summary>
    public static OperatorUser? FromCredentials(string? kubeconfigPath)
    {
        if (kubeconfigPath is null && KubernetesClientConfiguration.IsInCluster())
        {
            return File.Exists(InClusterTokenPath) ? Named(SubjectOfToken(File.ReadAllText(InClusterTokenPath).Trim()), "the in-cluster service-account token") : null;
        }

        var config = kubeconfigPath is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath)
            : KubernetesClientConfiguration.BuildConfigFromConfigFile();
        if (config.AccessToken is { Length: > 0 } token)
        {
            return Named(SubjectOfToken(token), "the kubeconfig's token");
        }

        var certificatePem = config.ClientCertificateData is { Length: > 0 } data ? Encoding.ASCII.GetString(Convert.FromBase64String(data))
            : config.ClientCertificateFilePath is { Length: > 0 } path ? File.ReadAllText(path)
            : null;
        if (certificatePem is null)
        {
            return null;
        }

        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        return Named(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), "the kubeconfig's client certificate");
    }

    private static OperatorUser? Named(string? name, string source) => string.IsNullOrEmpty(name) ? null : new OperatorUser(name, source);

    /// <summary>The <c>sub</c> claim of a JWT (unverified: the operator only learns its own name from its own token).</summary>
    public static string? SubjectOfToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("sub", out var subject) && subject.ValueKind == JsonValueKind.String
                ? subject.GetString()
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
