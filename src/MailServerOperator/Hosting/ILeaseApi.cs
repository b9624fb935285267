using k8s.Models;

namespace MailServerOperator.Hosting;

/// <summary>The leader Lease's three requests; failures surface as the client's exceptions (409 on a lost race).</summary>
internal interface ILeaseApi
{
    /// <summary>"lease NAMESPACE/NAME", for messages.</summary>
    string Description { get; }

    /// <summary>The Lease, or null when it does not exist.</summary>
    Task<V1Lease?> GetAsync(CancellationToken cancellationToken);

    Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>Replaces the Lease; its <c>metadata.resourceVersion</c> is the precondition (409 when it changed).</summary>
    Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken);
}
