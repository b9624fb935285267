using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MailServerOperator.Hosting;

/// <summary>
/// Gives the Lease up on a clean shutdown (KubernetesClient's LeaderElector has no release-on-cancel), so a standby
/// takes over within one retry period instead of waiting for the lease to expire.
/// </summary>
internal static class LeaseRelease
{
    public static async Task ReleaseAsync(IKubernetes client, LeaderElectionOptions options, string identity, CancellationToken cancellationToken)
    {
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken);
        if (lease.Spec?.HolderIdentity != identity)
        {
            return;
        }

        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = lease.Metadata.ResourceVersion },
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/holderIdentity", ["value"] = "" });
        await client.CoordinationV1.PatchNamespacedLeaseAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken);
    }
}
