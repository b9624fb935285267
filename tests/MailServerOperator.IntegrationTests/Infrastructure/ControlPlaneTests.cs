using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Informers;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>The shared control plane: namespaces, CRDs, custom resources, watches, status patches, RBAC.</summary>
public sealed class ControlPlaneTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Group = "fixture.test.mailshare.io";
    private const string Version = "v1";
    private const string Plural = "widgets";
    private static readonly string TestCrdFolder = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "TestCrds");

    private ControlPlane plane = null!;

    public async Task InitializeAsync()
    {
        plane = await SharedControlPlane.GetAsync();
        output.WriteLine($"shared control plane at {plane.ApiServerUri}: etcd spawn to /readyz 200 in {plane.StartDuration.TotalMilliseconds:0} ms");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateNamespaceAsync_SamePrefixTwice_CreatesTwoDistinctActiveNamespaces()
    {
        var first = await plane.CreateNamespaceAsync("fixture");
        var second = await plane.CreateNamespaceAsync("fixture");

        Assert.NotEqual(first, second);
        Assert.StartsWith("fixture-", first, StringComparison.Ordinal);
        foreach (var name in new[] { first, second })
        {
            Assert.Equal("Active", (await plane.Client.CoreV1.ReadNamespaceAsync(name)).Status.Phase);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("1digit")]
    [InlineData("trailing-")]
    [InlineData("under_score")]
    [InlineData("a-prefix-that-is-far-too-long-for-a-namespace-name")]
    public async Task CreateNamespaceAsync_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => plane.CreateNamespaceAsync(prefix));

        Assert.Equal("prefix", error.ParamName);
    }

    [Fact]
    public async Task InstallCrdsAsync_FolderWithTestCrd_ReturnsEstablishedCrdWhoseResourceIsServed()
    {
        var namespaceName = await plane.CreateNamespaceAsync("crd");
        var stopwatch = Stopwatch.StartNew();

        var crds = await plane.InstallCrdsAsync(TestCrdFolder);

        output.WriteLine($"CRD applied and Established in {stopwatch.ElapsedMilliseconds} ms");
        var crd = Assert.Single(crds);
        Assert.Equal($"{Plural}.{Group}", crd.Metadata.Name);
        Assert.Contains(crd.Status.Conditions, condition => condition is { Type: "Established", Status: "True" });
        var list = (JsonElement)await plane.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, namespaceName, Plural);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task InstallCrdsAsync_FileWithAnotherKind_ThrowsNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("not-crds-").FullName;
        try
        {
            var file = Path.Combine(folder, "configmap.yaml");
            await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-crd\n");

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => plane.InstallCrdsAsync(folder));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains("V1ConfigMap", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CustomResource_CreatedThenStatusMergePatched_WatchSeesAddedThenModifiedWithStatus()
    {
        await plane.InstallCrdsAsync(TestCrdFolder);
        var namespaceName = await plane.CreateNamespaceAsync("watch");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = Channel.CreateUnbounded<(WatchEventType Type, JsonElement Item)>();
        var watching = Task.Run(async () =>
        {
            var watch = WatchStream.ReadAsync(
                (k8s.Kubernetes)plane.Client, $"apis/{Group}/{Version}/namespaces/{namespaceName}/{Plural}", e => events.Writer.TryComplete(e), timeout.Token);
            await foreach (var (type, item) in watch)
            {
                await events.Writer.WriteAsync((type, item), timeout.Token);
            }
        });

        var widget = JsonNode.Parse("""
            {"apiVersion": "fixture.test.mailshare.io/v1", "kind": "Widget", "metadata": {"name": "w1"},
             "spec": {"size": 3}, "status": {"phase": "ignored on create"}}
            """)!;
        var created = await CustomObjectRequests.CreateAsync(
            plane.Client, widget, Group, Version, namespaceName, Plural, cancellationToken: timeout.Token);
        await plane.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status": {"phase": "Ready"}}""", V1Patch.PatchType.MergePatch),
            Group, Version, namespaceName, Plural, "w1", cancellationToken: timeout.Token);

        Assert.False(created.TryGetProperty("status", out _), "status must be ignored on create (status subresource)");
        // Bookmarks are not requested, so every event is about an object: first w1 appears, then its status changes.
        var added = await events.Reader.ReadAsync(timeout.Token);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("w1", added.Item.GetProperty("metadata").GetProperty("name").GetString());
        var modified = await events.Reader.ReadAsync(timeout.Token);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("Ready", modified.Item.GetProperty("status").GetProperty("phase").GetString());
        Assert.Equal(3, modified.Item.GetProperty("spec").GetProperty("size").GetInt32());

        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    [Fact]
    public async Task UnprivilegedUser_ListNamespaces_IsForbiddenByRbac()
    {
        using var user = new k8s.Kubernetes(plane.CreateUnprivilegedConfiguration());

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => user.CoreV1.ListNamespaceAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Contains($"User \\\"{ControlPlane.UnprivilegedUserName}\\\"", error.Response.Content, StringComparison.Ordinal);
    }
}
