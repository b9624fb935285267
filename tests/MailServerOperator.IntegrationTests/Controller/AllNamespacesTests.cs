using System.Text.Json;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>
/// <c>run</c> without <c>--namespace</c> manages every namespace, and those labelled while it runs. Not on the shared
/// control plane, where it would reconcile every other test's servers: on the private one, whose tests run one at a time
/// (the namespaces they leave behind are not this test's, which checks only its own).
/// </summary>
[Collection(SharedPrivateControlPlane.Name)]
public sealed class AllNamespacesTests(PrivateControlPlane privatePlane)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly ControlPlane _plane = privatePlane.Plane;

    [Fact]
    public async Task Run_AllNamespaces_IndependentListsAndALabelledNamespaceGetsBuiltInsWhileRunning()
    {
        var first = new MailServers(_plane.Client, await _plane.CreateNamespaceAsync("all"));
        var second = new MailServers(_plane.Client, await _plane.CreateNamespaceAsync("all"));
        await first.CreateAsync(MailServers.Pop3("x", 5));
        await first.CreateAsync(MailServers.Pop3("y", 1));
        await second.CreateAsync(MailServers.Pop3("x", 1));

        await using var instance = await OperatorInstance.StartAsync(_plane, o => o.Verification.Enabled = false);

        await Eventually.SucceedsAsync("first namespace", Soon, () => first.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("y", 3), ("x", 4)));
        await Eventually.SucceedsAsync("second namespace", Soon, () => second.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("x", 3)));

        // Created while running, in a third namespace: a list of its own.
        var third = new MailServers(_plane.Client, await _plane.CreateNamespaceAsync("all"));
        await third.CreateAsync(MailServers.Pop3("z", 100));
        await Eventually.SucceedsAsync("third namespace", Soon, () => third.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("z", 3)));

        // Labelled while running, without any MailServer: the built-ins appear.
        var labelled = await _plane.CreateNamespaceAsync("labelled");
        await _plane.Client.CoreV1.PatchNamespaceAsync(
            new V1Patch(
                JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [BuiltInServers.ManagedNamespaceLabel] = "true" } } }),
                V1Patch.PatchType.MergePatch),
            labelled);
        var labelledServers = new MailServers(_plane.Client, labelled);
        await Eventually.SucceedsAsync("built-ins in the labelled namespace", Soon, () => labelledServers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2)));

        // The first namespace was not disturbed by any of this.
        Assert.Null(await first.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("y", 3), ("x", 4)));
        Assert.Null(await first.ConditionIsAsync("x", ConditionTypes.Ready, ConditionStatus.True));
    }
}
