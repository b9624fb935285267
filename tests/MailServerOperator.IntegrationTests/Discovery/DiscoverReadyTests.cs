using System.Text.Json.Nodes;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>What discover prints is what the operator accepts: applied to the test control plane, it becomes Ready.</summary>
[Collection(DiscoveryTests.Name)]
public sealed class DiscoverReadyTests(DiscoveryFixture mail, ITestOutputHelper log)
{
    [Fact]
    public async Task Discover_ManifestAppliedToTheControlPlane_BecomesReady()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("discover");
        // The SRV targets are localhost, so that the operator's own (system) resolver finds them too.
        await using var dns = await Dnsmasq.StartAsync(
            ["localhost"],
            DiscoverCommandTests.Srv("_imaps._tcp.ready.test", "localhost", mail.Imaps),
            DiscoverCommandTests.Srv("_submissions._tcp.ready.test", "localhost", mail.Submissions));
        var run = await mail.DiscoverAsync(dns, null, "alice@ready.test", "--namespace", ns, "--name", "ready");
        log.WriteLine(run.ToString());
        Assert.True(run.Exit == 0, run.ToString());
        var manifest = Assert.Single(ManifestReader.ReadText("discover", run.Output).Documents);

        await using var @operator = await OperatorInstance.StartAsync(plane, o =>
        {
            o.Namespaces = [ns];
            o.Verification.CaBundlePath = mail.CaBundlePath;
            o.Verification.ProbeTimeout = TimeSpan.FromSeconds(5);
        });
        var servers = new MailServers(plane.Client, ns);
        await servers.CreateAsync(JsonNode.Parse(manifest.Content.GetRawText())!.AsObject());

        await Eventually.SucceedsAsync("Ready=True", TimeSpan.FromSeconds(60), () => servers.ConditionIsAsync("ready", ConditionTypes.Ready, ConditionStatus.True));
        var status = (await servers.GetAsync("ready"))!.Status!;
        Assert.Equal(10485760, status.Outgoing!.MaxMessageSize);
    }
}
