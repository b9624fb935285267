using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.Kubernetes;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The operator, as <c>run</c> composes it and as deployed (every namespace, leader election in its own namespace),
/// authenticated as its service account: the RBAC of deploy/ is enough for everything it does.
/// </summary>
[Collection(DeployedOperators.Name)]
public sealed class OperatorServiceAccountTests : IAsyncLifetime
{
    private const string LeaseName = "mailserver-operator";
    private const string Identity = "mailserver-operator-test-0";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private DeployedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DeployedCluster.GetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Operator_AsItsServiceAccount_ReconcilesEverywhereWithoutAForbiddenRequest()
    {
        var admin = _cluster.Plane.Client;
        var servers = new MailServers(admin, await _cluster.Plane.CreateNamespaceAsync("tenant"));
        var labelled = await _cluster.Plane.CreateNamespaceAsync("labelled");
        await admin.CoreV1.PatchNamespaceAsync(
            new V1Patch(
                JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [BuiltInServers.ManagedNamespaceLabel] = "true" } } }),
                V1Patch.PatchType.MergePatch), labelled);

        var instance = await OperatorInstance.StartAsync(_cluster.CreateOperatorConfiguration(), options =>
        {
            options.LeaderElection.Enabled = true;
            options.LeaderElection.LeaseNamespace = DeployManifests.OperatorNamespace;
        }, Identity);
        await using (instance)
        {
            await servers.CreateAsync(MailServers.Pop3("example-isp", 1));

            // list/watch MailServers in every namespace, create the built-ins, patch status; the Lease in its namespace.
            await Eventually.SucceedsAsync("positions", Soon, () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("example-isp", 3)));
            await Eventually.SucceedsAsync("Valid", Soon, () => servers.ConditionIsAsync("example-isp", ConditionTypes.Valid, ConditionStatus.True));
            Assert.Equal(Identity, (await ReadLeaseAsync(admin))?.Spec.HolderIdentity);

            // list/watch namespaces: a labelled namespace gets the built-ins without any MailServer of its own.
            var labelledServers = new MailServers(admin, labelled);
            await Eventually.SucceedsAsync("built-ins in the labelled namespace", Soon, () => labelledServers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2)));

            // patch of a built-in (allowed by name), and an event about it.
            await servers.MergePatchAsync(ReservedMailServerNames.ExchangeOnline, new { spec = new { displayName = "Hijacked" } });
            await Eventually.SucceedsAsync("exchange-online reverted", Soon, async () =>
                (await servers.GetAsync(ReservedMailServerNames.ExchangeOnline))?.Spec?.DisplayName is "Exchange Online" ? null : "not reverted yet");
            await Eventually.SucceedsAsync("an event from the operator", Soon, async () =>
                (await admin.EventsV1.ListNamespacedEventAsync(servers.Namespace)).Items.Any(e => e.ReportingController == EventRecorder.Controller)
                    ? null
                    : "no event yet");

            Assert.Empty(instance.Requests.Forbidden);
        }

        // A clean stop gives the Lease up (a patch of its own Lease).
        Assert.Equal("", (await ReadLeaseAsync(admin))?.Spec.HolderIdentity);
        Assert.Empty(instance.Requests.Forbidden);
    }

    private static async Task<V1Lease?> ReadLeaseAsync(IKubernetes client)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, DeployManifests.OperatorNamespace);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
