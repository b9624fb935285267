using System.Globalization;
using System.Net;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Hosting;

namespace MailServerOperator.Tests.Hosting;

/// <summary>A Lease store with the API server's optimistic concurrency: create fails with 409 when it exists, replace when the resourceVersion changed.</summary>
internal sealed class InMemoryLeaseApi : ILeaseApi
{
    private readonly Lock _lock = new();
    private V1Lease? _lease;
    private int _version;

    public string Description => "lease ns/operator";

    /// <summary>When set, every request fails with this status code instead.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public int Writes { get; private set; }

    /// <summary>Runs at the start of every read (before the lock), e.g. to let time pass as a slow API server would.</summary>
    public Action? BeforeGet { get; set; }

    public V1Lease? Current
    {
        get
        {
            lock (_lock)
            {
                return Copy(_lease);
            }
        }
    }

    public static HttpOperationException Error(HttpStatusCode code) =>
        new($"Operation returned an invalid status code '{code}'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), $$"""{"kind":"Status","message":"{{code}} from the test","code":{{(int)code}}}"""),
        };

    public Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        BeforeGet?.Invoke();
        lock (_lock)
        {
            ThrowIfFailing();
            return Task.FromResult(Copy(_lease));
        }
    }

    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfFailing();
            if (_lease is not null)
            {
                throw Error(HttpStatusCode.Conflict);
            }

            return Task.FromResult(Store(lease));
        }
    }

    public Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfFailing();
            if (_lease is null)
            {
                throw Error(HttpStatusCode.NotFound);
            }

            if (lease.Metadata?.ResourceVersion != _lease.Metadata.ResourceVersion)
            {
                throw Error(HttpStatusCode.Conflict);
            }

            return Task.FromResult(Store(lease));
        }
    }

    /// <summary>Another instance's write: the Lease as that holder would leave it.</summary>
    public void HeldBy(string holder)
    {
        lock (_lock)
        {
            Store(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "operator" },
                Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, LeaseTransitions = _lease?.Spec?.LeaseTransitions ?? 0 },
            });
        }
    }

    private static V1Lease? Copy(V1Lease? lease) => lease is null ? null : k8s.KubernetesJson.Deserialize<V1Lease>(k8s.KubernetesJson.Serialize(lease));

    private V1Lease Store(V1Lease lease)
    {
        var stored = Copy(lease)!;
        stored.Metadata ??= new V1ObjectMeta();
        stored.Metadata.ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture);
        _lease = stored;
        Writes++;
        return Copy(stored)!;
    }

    private void ThrowIfFailing()
    {
        if (FailWith is { } code)
        {
            throw Error(code);
        }
    }
}
