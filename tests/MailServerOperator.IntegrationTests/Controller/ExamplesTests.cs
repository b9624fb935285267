using System.Diagnostics;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>What a platform team sees after applying examples/: every server valid and in its place within seconds.</summary>
public sealed class ExamplesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // the operator's start included; a positive wait costs nothing when on time

    [Fact]
    public async Task ApplyExamples_AllValidAndPositionedWithinSeconds()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("examples");
        var servers = new MailServers(plane.Client, ns);
        await using var instance = await OperatorInstance.StartInNamespaceAsync(plane, ns);
        var documents = ManifestReader.Read([Path.Combine(RepositoryRoot.Path, "examples")]).SelectMany(f => f.Documents).ToList();

        var applied = Stopwatch.StartNew();
        foreach (var document in documents.Where(d => d.Kind == "Secret"))
        {
            var secret = KubernetesJson.Deserialize<V1Secret>(document.Content.GetRawText());
            secret.Metadata.NamespaceProperty = ns;
            await plane.Client.CoreV1.CreateNamespacedSecretAsync(secret, ns);
        }

        var names = new List<string>();
        foreach (var document in documents.Where(d => d.Kind == MailServer.KindName))
        {
            await servers.CreateAsync(System.Text.Json.Nodes.JsonNode.Parse(document.Content.GetRawText())!.AsObject());
            names.Add(document.Name!);
        }

        await Eventually.SucceedsAsync("positions", Soon, () => servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("example-isp", 3), ("example-provider", 4), ("on-premises", 5)));
        output.WriteLine($"all positions written {applied.ElapsedMilliseconds} ms after the first apply");
        foreach (var name in names)
        {
            await Eventually.SucceedsAsync($"{name} Valid", Soon, () => servers.ConditionIsAsync(name, ConditionTypes.Valid, ConditionStatus.True));
        }

        output.WriteLine($"all Valid=True {applied.ElapsedMilliseconds} ms after the first apply");
    }
}
