using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// The user name that the apiserver gives this operator's own requests, so that the webhook can tell them apart:
/// in a cluster the service account (<c>system:serviceaccount:NAMESPACE:NAME</c>, read from the mounted token), else what
/// the kubeconfig's credentials say (a JWT's subject, a client certificate's common name). A static token says nothing:
/// then the name must be given (<c>run --operator-username</c>).
/// </summary>
internal static class OperatorUserName
{
    public const string InClusterTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>Null when the credentials do not tell. The token is read, never logged or returned.</summary>
    public static string? FromCredentials(string? kubeconfigPath)
    {
        if (kubeconfigPath is null && KubernetesClientConfiguration.IsInCluster())
        {
            return File.Exists(InClusterTokenPath) ? SubjectOfToken(File.ReadAllText(InClusterTokenPath).Trim()) : null;
        }

        var config = kubeconfigPath is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath)
            : KubernetesClientConfiguration.BuildConfigFromConfigFile();
        if (config.AccessToken is { Length: > 0 } token)
        {
            return SubjectOfToken(token);
        }

        var certificatePem = config.ClientCertificateData is { Length: > 0 } data ? Encoding.ASCII.GetString(Convert.FromBase64String(data))
            : config.ClientCertificateFilePath is { Length: > 0 } path ? File.ReadAllText(path)
            : null;
        if (certificatePem is null)
        {
            return null;
        }

        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } commonName ? commonName : null;
    }

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
