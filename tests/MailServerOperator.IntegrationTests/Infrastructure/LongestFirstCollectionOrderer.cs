using MailServerOperator.IntegrationTests.Admission;
using MailServerOperator.IntegrationTests.Bench;
using MailServerOperator.IntegrationTests.Deploy;
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
    private static readonly string[] Longest =
    [
        CollectionOf<EndToEndBenchmarkTests>(),
        SharedDeployedCluster.Name,
        SharedPrivateControlPlane.Name,
        RealMailServers.Name,
        CollectionOf<WebhookCertificateRotationTests>(),
        CollectionOf<LeaderElectionTests>(),
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var index and >= 0 ? index : Longest.Length)
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);

    /// <summary>The name xunit gives the collection of a class that names none.</summary>
    private static string CollectionOf<T>() => "Test collection for " + typeof(T).FullName;
}
