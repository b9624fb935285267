using MailServerOperator.IntegrationTests.Admission;
using MailServerOperator.IntegrationTests.Bench;
using MailServerOperator.IntegrationTests.Deploy;
using MailServerOperator.IntegrationTests.Discovery;
using MailServerOperator.IntegrationTests.Hosting;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.IntegrationTests.QuickStart;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MailServerOperator.IntegrationTests.Infrastructure.LongestFirstCollectionOrderer", "MailServerOperator.IntegrationTests")]

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// Starts the collections that take longest first (their tests run one after another, or one test takes half a
/// minute), so that with a few collections at a time (xunit.runner.json) the run does not end with one of them alone.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <summary>
    /// Longest first. The figures: seconds from the collection's first test to its last, in a run on a 2-core machine
    /// shared with other work (load 25-30; about half that when idle). The run is CPU-bound (some 280 CPU-seconds in
    /// all), so the image build, the one item that needs a core for a minute, goes first.
    /// </summary>
    private static readonly string[] Longest =
    [
        DeployedOperators.Name, // 240: the container image build (dotnet publish, NativeAOT: 300 CPU-s)
        CollectionOf<RbacTests>(), // 60: kubectl auth can-i, one call after another
        FaultControlPlaneGroup.Name, // 96: ControlPlaneFaultTests (an outage longer than the renew deadline)
        SharedPrivateControlPlane.Name, // 96: apiserver restarts
        CollectionOf<EndToEndBenchmarkTests>(), // 50-95: bench/e2e.sh --quick
        FencingControlPlaneGroup.Name, // 57: LeaderFencingTests (two lease expiries of 15 s)
        RealMailServers.Name, // 60: tests one after another
        CollectionOf<WebhookCertificateRotationTests>(), // 20-60: real-time certificate lives
        CollectionOf<RunLocalTests>(), // 25-45: hack/run-local.sh, its own control plane
        CollectionOf<StartupFailureTests>(), // 30-75: the first test starts the shared control plane
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
