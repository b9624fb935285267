using MailServerOperator.IntegrationTests.Admission;
using MailServerOperator.IntegrationTests.Bench;
using MailServerOperator.IntegrationTests.Deploy;
using MailServerOperator.IntegrationTests.Discovery;
using MailServerOperator.IntegrationTests.Hosting;
using MailServerOperator.IntegrationTests.Probing;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MailServerOperator.IntegrationTests.Infrastructure.LongestFirstCollectionOrderer", "MailServerOperator.IntegrationTests")]

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// Starts the collections that take longest first (their tests run one after another, or one test takes half a
/// minute), so that with a few collections at a time (xunit.runner.json) the run does not end with one of them alone.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <summary>Longest first, as measured on a loaded 2-core machine (the figures in seconds, for a later reorder).</summary>
    private static readonly string[] Longest =
    [
        FaultControlPlaneGroup.Name, // 95: LeaderFencingTests (lease expiries), ControlPlaneFaultTests (an outage)
        CollectionOf<EndToEndBenchmarkTests>(), // 55-95: bench/e2e.sh --quick
        SharedDeployedCluster.Name, // 100: the container image build (dotnet publish) and the RBAC tests beside it
        SharedPrivateControlPlane.Name, // 80: apiserver restarts
        CollectionOf<StartupFailureTests>(), // 60: the 45 s start-up deadline
        RealMailServers.Name, // 60: tests one after another
        CollectionOf<WebhookCertificateRotationTests>(), // 20-45: real-time certificate lives
        DiscoveryTests.Name,
        CollectionOf<HostileServerProbeTests>(), // 25: probe deadlines
        CollectionOf<LeaderElectionTests>(),
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var index and >= 0 ? index : Longest.Length)
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);

    /// <summary>The name xunit gives the collection of a class that names none.</summary>
    private static string CollectionOf<T>() => "Test collection for " + typeof(T).FullName;
}
