using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MailServerOperator.Hosting;

internal sealed class KubernetesLeaseApi(IKubernetes client, LeaderElectionOptions options) : ILeaseApi
{
    public string Description => $"lease {options.LeaseNamespace}/{options.LeaseName}";

    public async Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken) =>
        client.CoordinationV1.CreateNamespacedLeaseAsync(lease, options.LeaseNamespace, cancellationToken: cancellationToken);

    public Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        // A lease read back carries managedFields, whose fieldsV1 is a JsonElement that KubernetesClient.Aot's
        // generated serializer cannot write; left out of an update, the API server keeps them as they are.
        lease.Metadata.ManagedFields = null;
        return client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken);
    }
}
