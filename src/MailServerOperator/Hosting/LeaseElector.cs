using k8s.Models;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Hosting;

/// <summary>
/// One instance's view of the leader Lease, with client-go's rules: a Lease held by someone else is taken over only
/// after its record has stayed unchanged for its lease duration as measured here (no clock comparison between
/// machines), and every update carries the resourceVersion it was computed from, so of two racing candidates one wins.
/// </summary>
internal sealed class LeaseElector(ILeaseApi leases, LeaderElectionOptions options, string identity, TimeProvider time)
{
    private string? _observedVersion;
    private long _observedAt;

    /// <summary>The holder of the latest Lease seen; empty when it was released, null before the first look.</summary>
    public string? ObservedHolder { get; private set; }

    /// <summary>True once a create or update of the Lease succeeded: permission and namespace are known good.</summary>
    public bool HasWritten { get; private set; }

    public string Description => leases.Description;

    /// <summary>
    /// Takes the Lease when it is free or expired, renews it when held here; returns the timestamp at which the
    /// successful attempt began (the Lease is valid for others from then on), or null when another instance holds it.
    /// </summary>
    public async Task<long?> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow().UtcDateTime;
        var current = await leases.GetAsync(cancellationToken);
        if (current is null)
        {
            return await WriteAsync(() => leases.CreateAsync(NewLease(now), cancellationToken), started);
        }

        Observe(current);
        var holder = current.Spec?.HolderIdentity;
        if (!string.IsNullOrEmpty(holder) && holder != identity && !ObservedExpired(current))
        {
            return null;
        }

        var spec = current.Spec ?? new V1LeaseSpec();
        var renewing = holder == identity;
        current.Spec = new V1LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = renewing ? spec.AcquireTime ?? now : now,
            RenewTime = now,
            LeaseTransitions = renewing ? spec.LeaseTransitions : (spec.LeaseTransitions ?? 0) + 1,
        };
        return await WriteAsync(() => leases.ReplaceAsync(current, cancellationToken), started);
    }

    /// <summary>Gives the Lease up when it is still held here, so a standby takes over within one retry period.</summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        var current = await leases.GetAsync(cancellationToken);
        if (current?.Spec?.HolderIdentity != identity)
        {
            return false;
        }

        current.Spec.HolderIdentity = "";
        current.Spec.LeaseDurationSeconds = 1;
        current.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
        Observe(await leases.ReplaceAsync(current, cancellationToken));
        return true;
    }

    private async Task<long?> WriteAsync(Func<Task<V1Lease>> write, long started)
    {
        try
        {
            var written = await write();
            HasWritten = true;
            Observe(written);
            return started;
        }
        catch (Exception ex) when (KubernetesErrors.IsConflict(ex))
        {
            return null; // another candidate wrote first; the next attempt reads its record
        }
    }

    private V1Lease NewLease(DateTime now) => new()
    {
        Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = 0,
        },
    };

    private void Observe(V1Lease lease)
    {
        ObservedHolder = lease.Spec?.HolderIdentity ?? "";
        if (lease.Metadata?.ResourceVersion != _observedVersion)
        {
            _observedVersion = lease.Metadata?.ResourceVersion;
            _observedAt = time.GetTimestamp();
        }
    }

    private bool ObservedExpired(V1Lease lease)
    {
        var duration = lease.Spec?.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.LeaseDuration;
        return time.GetElapsedTime(_observedAt) >= duration;
    }
}
