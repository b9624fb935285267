using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;

namespace MailServerOperator.Certificates;

/// <summary>The Secret <c>mailserver-operator-webhook-tls</c> in the operator's namespace (RBAC: create, and get/update by name).</summary>
internal sealed class KubernetesCertificateSecretStore(IKubernetes client, WebhookOptions options) : ICertificateSecretStore
{
    private V1Secret? _lastRead;

    public async Task<CertificateSecret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _lastRead = await client.CoreV1.ReadNamespacedSecretAsync(options.SecretName, options.ServiceNamespace, cancellationToken: cancellationToken);
            return new CertificateSecret(
                _lastRead.Data is { } data ? data.AsReadOnly() : new Dictionary<string, byte[]>().AsReadOnly(),
                _lastRead.Metadata.ResourceVersion);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            _lastRead = null;
            return null;
        }
    }

    public async Task<bool> CreateAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = options.SecretName,
                NamespaceProperty = options.ServiceNamespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "mailserver-operator", ["app.kubernetes.io/component"] = "webhook" },
            },
            Type = "kubernetes.io/tls",
            Data = data.ToDictionary(),
        };
        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, options.ServiceNamespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken)
    {
        // A replace of the Secret as read keeps its labels, annotations and type; the resourceVersion makes it conditional.
        var secret = _lastRead is { } read && read.Metadata.ResourceVersion == resourceVersion
            ? read
            : new V1Secret { Metadata = new V1ObjectMeta { Name = options.SecretName, NamespaceProperty = options.ServiceNamespace, ResourceVersion = resourceVersion } };
        secret.Data = data.ToDictionary();
        try
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, options.SecretName, options.ServiceNamespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
