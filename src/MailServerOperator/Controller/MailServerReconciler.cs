using MailServerOperator.Api;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using MailServerOperator.Status;
using MailServerOperator.Validation;

namespace MailServerOperator.Controller;

/// <summary>Brings one MailServer's status (and, for the built-ins, the object itself) to what it should be.</summary>
internal sealed partial class MailServerReconciler(
    ObjectStore<MailServerObject> cache,
    ManagedNamespaces managedNamespaces,
    MailServerWriter writer,
    EventRecorder events,
    TimeProvider time,
    ILogger<MailServerReconciler> logger)
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var current = cache.Get(key);
        if (BuiltInServers.IsReserved(key.Name) && await EnsureBuiltInAsync(key, current, cancellationToken))
        {
            current = cache.Get(key); // the write went through the cache
        }

        if (current is null)
        {
            return ReconcileResult.Done; // deleted: the servers after it were enqueued by the delete event
        }

        var issues = Validate(current);
        var status = StatusBuilder.Build(new StatusInputs
        {
            Generation = current.Generation,
            Issues = issues,
            Position = PositionOf(key),
            IncomingEndpoint = current.Server.Spec?.Incoming?.DisplayEndpoint(),
            OutgoingEndpoint = current.Server.Spec?.Outgoing?.DisplayEndpoint(),
            Previous = current.Server.Status,
            Now = time.GetUtcNow(),
        });
        await WriteStatusAsync(current, status, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>Creates a missing built-in or reverts a changed one; true when it wrote something.</summary>
    private async Task<bool> EnsureBuiltInAsync(ObjectKey key, MailServerObject? current, CancellationToken cancellationToken)
    {
        if (current is null)
        {
            if (!managedNamespaces.IsManaged(key.Namespace))
            {
                return false;
            }

            LogCreatingBuiltIn(logger, key);
            return await writer.CreateBuiltInAsync(key.Namespace, key.Name, cancellationToken);
        }

        if (current.Metadata.DeletionTimestamp is not null || BuiltInServers.Matches(current))
        {
            return false;
        }

        LogRevertingBuiltIn(logger, key);
        await writer.RevertBuiltInAsync(current, cancellationToken);
        await events.RecordAsync(current, warning: true, "BuiltInReverted", "the built-in entry was changed; its published settings were restored", cancellationToken);
        return true;
    }

    // Built-ins carry the reserved names; the operator is the one writer allowed to use them.
    private static IReadOnlyList<ValidationIssue> Validate(MailServerObject current) =>
        MailServerValidator.Validate(current.Raw, new MailServerValidationOptions { AllowReservedNames = BuiltInServers.IsReserved(current.Key.Name) }).Issues;

    private int? PositionOf(ObjectKey key)
    {
        var entries = cache.List(key.Namespace).Select(o => new OrderEntry(o.Key.Name, o.Server.Spec?.Order, o.Metadata.CreationTimestamp));
        return DisplayOrder.Positions(entries).TryGetValue(key.Name, out var position) ? position : null;
    }

    private async Task WriteStatusAsync(MailServerObject current, MailServerStatus status, CancellationToken cancellationToken)
    {
        if (StatusComparer.AreEqual(current.Server.Status, status))
        {
            return;
        }

        await writer.PatchStatusAsync(current, status, cancellationToken);
        foreach (var transition in ConditionTransitions.Between(current.Server.Status?.Conditions, status.Conditions))
        {
            await events.RecordAsync(current, transition.Warning, transition.Condition.Reason, $"{transition.Condition.Type}={transition.Condition.Status}: {transition.Condition.Message}", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating built-in mail server {Key}")]
    private static partial void LogCreatingBuiltIn(ILogger logger, ObjectKey key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Built-in mail server {Key} was changed; restoring its published settings")]
    private static partial void LogRevertingBuiltIn(ILogger logger, ObjectKey key);
}
