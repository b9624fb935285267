using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;

namespace MailServerOperator.Certificates;

/// <summary>
/// The Secrets <c>mailserver-operator-webhook-tls</c> (serving) and <c>mailserver-operator-webhook-ca</c> in the operator's
/// namespace (RBAC: create, and get/update by name).
/// </summary>
internal sealed class KubernetesCertificateSecretStore(IKubernetes client, WebhookOptions options) : ICertificateSecretStore
{
    private readonly ConcurrentDictionary<string, V1Secret> _lastRead = new(StringComparer.Ordinal);

    public async Task<CertificateSecret?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var read = await client.CoreV1.ReadNamespacedSecretAsync(name, options.ServiceNamespace, cancellationToken: cancellationToken);
            _lastRead[name] = read;
            return new CertificateSecret(
                read.Data is { } data ? data.AsReadOnly() : new Dictionary<string, byte[]>().AsReadOnly(),
                read.Metadata.ResourceVersion);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            _lastRead.TryRemove(name, out _);
            return null;
        }
    }

    public async Task<bool> CreateAsync(string name, IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = options.ServiceNamespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "mailserver-operator", ["app.kubernetes.io/component"] = "webhook" },
            },
            Type = name == options.SecretName ? "kubernetes.io/tls" : "Opaque",
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

    public async Task<bool> UpdateAsync(string name, IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken)
    {
        // A replace of the Secret as read keeps its labels, annotations and type; the resourceVersion makes it conditional.
        var secret = _lastRead.TryGetValue(name, out var read) && read.Metadata.ResourceVersion == resourceVersion
            ? read
            : new V1Secret { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.ServiceNamespace, ResourceVersion = resourceVersion } };
        secret.Data = data.ToDictionary();

        // Its managedFields' fieldsV1 is a JsonElement that KubernetesClient.Aot's generated serializer cannot write;
        // left out of an update, the API server keeps them as they are.
        secret.Metadata.ManagedFields = null;
        try
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, options.ServiceNamespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
