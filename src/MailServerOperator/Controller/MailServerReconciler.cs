using MailServerOperator.Api;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using MailServerOperator.Status;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Controller;

/// <summary>Brings one MailServer's status (and, for the built-ins, the object itself) to what it should be.</summary>
internal sealed partial class MailServerReconciler(
    ObjectStore<MailServerObject> cache,
    DisplayOrderIndex displayOrder,
    DeletedBuiltIns deletedBuiltIns,
    ManagedNamespaces managedNamespaces,
    MailServerWriter writer,
    EventRecorder events,
    MailServerVerifier verifier,
    VerificationOptions verification,
    TimeProvider time,
    ILogger<MailServerReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var current = cache.Get(key);
        if (ReservedMailServerNames.IsReserved(key.Name) && await EnsureBuiltInAsync(key, current, cancellationToken))
        {
            current = cache.Get(key); // the write went through the cache
        }

        if (current is null)
        {
            verifier.Forget(key);
            return ReconcileResult.Done; // deleted: the servers after it were enqueued by the delete event
        }

        IReadOnlyList<ValidationIssue> issues = [.. Validate(current), .. OrderWarning(current)];
        var now = time.GetUtcNow();
        var outcome = issues.Any(i => i.Severity == ValidationSeverity.Error) ? null : Verify(current, now);
        var status = StatusBuilder.Build(new StatusInputs
        {
            Generation = current.Generation,
            Issues = issues,
            Position = displayOrder.PositionOf(key),
            IncomingEndpoint = current.Server.Spec?.Incoming?.DisplayEndpoint(),
            OutgoingEndpoint = current.Server.Spec?.Outgoing?.DisplayEndpoint(),
            VerificationEnabled = verification.Enabled,
            Verification = outcome,
            Previous = current.Server.Status,
            Now = now,
        });
        await WriteStatusAsync(current, status, cancellationToken);
        return outcome is not null && outcome.NextDueAt > now ? ReconcileResult.After(outcome.NextDueAt - now) : ReconcileResult.Done;
    }

    /// <summary>
    /// The latest verification of the current spec (from this process or read back from status), starting a new one
    /// when none exists, it is due, or <c>mailshare.io/requested-at</c> asks for one.
    /// </summary>
    private VerificationOutcome? Verify(MailServerObject current, DateTimeOffset now)
    {
        if (!verification.Enabled || current.Server.Spec is not { } spec)
        {
            return null;
        }

        var fingerprint = SpecFingerprint.Of(spec);
        var latest = verifier.Latest(current.Key, spec.Probe?.CredentialsSecretRef, fingerprint, RecordedVerification.Read(current.Server, fingerprint));
        var requested = RequestedAt.Of(current.Metadata);
        if (latest is null || latest.NextDueAt <= now || (requested is not null && requested != latest.RequestedAt))
        {
            verifier.Start(current.Key, spec, fingerprint, requested);
        }

        return latest;
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
            var created = await writer.CreateBuiltInAsync(key.Namespace, key.Name, cancellationToken);
            if (created && deletedBuiltIns.Take(key) && cache.Get(key) is { } recreated)
            {
                await events.RecordAsync(recreated, warning: true, "BuiltInRecreated", "the built-in entry was deleted; it was created again with its published settings", cancellationToken);
            }

            return created;
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
    private IReadOnlyList<ValidationIssue> Validate(MailServerObject current) =>
        MailServerValidator.Validate(current.Raw, new MailServerValidationOptions
        {
            AllowReservedNames = ReservedMailServerNames.IsReserved(current.Key.Name),
            AllowPlaintextCredentials = verification.AllowPlaintextCredentials,
        }).Issues;

    // From the order index (O(log n)), not a scan of the namespace: every reconcile asks.
    private IEnumerable<ValidationIssue> OrderWarning(MailServerObject current) =>
        current.Server.Spec?.Order is { } order
        && OrderRules.Check(new OrderedServer(current.Key.Name, order), displayOrder.NamesWithOrder(current.Key.Namespace, order).Select(name => new OrderedServer(name, order))) is { } warning
            ? [warning]
            : [];

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
