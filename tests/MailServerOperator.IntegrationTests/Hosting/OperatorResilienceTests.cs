using System.Diagnostics;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// Tests that must not share the control plane with tests running at the same time, because they restart its apiserver or
/// watch every namespace.
/// </summary>
[Collection(SharedPrivateControlPlane.Name)]
public sealed class OperatorResilienceTests(PrivateControlPlane privatePlane, ITestOutputHelper output)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // the operator's start included; a positive wait costs nothing when on time
    private readonly ControlPlane _plane = privatePlane.Plane;

    [Fact]
    public async Task ApiServerRestarted_OperatorResumesAndReconcilesNewChanges()
    {
        var ns = await _plane.CreateNamespaceAsync("restart");
        var servers = new MailServers(_plane.Client, ns);
        await using var instance = await OperatorInstance.StartAsync(_plane, _ => { });
        await servers.CreateAsync(MailServers.Pop3("a", 20));
        await Eventually.SucceedsAsync("positions", Soon, () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("a", 3)));

        await _plane.StopApiServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _plane.StartApiServerAsync();
        var restarted = Stopwatch.StartNew();
        await servers.CreateAsync(MailServers.Pop3("b", 10));

        await Eventually.SucceedsAsync("b reconciled after the restart", TimeSpan.FromSeconds(45), () => servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("b", 3), ("a", 4)));
        output.WriteLine($"reconciled {restarted.ElapsedMilliseconds} ms after the apiserver was back");
        Assert.True(instance.Health.Alive);
    }

    [Fact]
    public async Task NamespaceLabelledManaged_GetsBuiltInsWithoutAnyMailServer()
    {
        await using var instance = await OperatorInstance.StartAsync(_plane, _ => { });
        var ns = await _plane.CreateNamespaceAsync("labelled");

        await _plane.Client.CoreV1.PatchNamespaceAsync(
            new V1Patch(System.Text.Json.JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [BuiltInServers.ManagedNamespaceLabel] = "true" } } }), V1Patch.PatchType.MergePatch), ns);

        var servers = new MailServers(_plane.Client, ns);
        await Eventually.SucceedsAsync("built-ins", Soon, () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2)));
        var gmail = await servers.GetAsync(ReservedMailServerNames.Gmail);
        Assert.Equal("true", gmail!.Metadata.Labels[BuiltInServers.BuiltInLabel]);
    }
}
