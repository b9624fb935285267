using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>Brings one key to its desired state; what <see cref="ReconcileWorkers"/> runs.</summary>
internal interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
