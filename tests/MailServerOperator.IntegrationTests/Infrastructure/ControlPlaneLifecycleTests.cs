using System.Runtime.Versioning;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// Restart, shutdown and start failure, which the shared instance must never see: a restart on the
/// <see cref="PrivateControlPlane"/>, shutdown and start failure on planes of their own.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(SharedPrivateControlPlane.Name)]
public sealed class ControlPlaneLifecycleTests(PrivateControlPlane privatePlane, ITestOutputHelper output)
{
    [Fact]
    public async Task RestartApiServerAsync_ObjectCreatedBefore_IsReadBackThroughTheSameKubeconfig()
    {
        var plane = privatePlane.Plane;
        var namespaceName = await plane.CreateNamespaceAsync("restart");
        await plane.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["key"] = "value" } },
            namespaceName);
        var etcdProcessId = plane.EtcdProcessId;

        await plane.StopApiServerAsync();
        Assert.Null(plane.ApiServerProcessId);
        await Assert.ThrowsAsync<HttpRequestException>(() => plane.Client.CoreV1.ListNamespaceAsync());
        await plane.StartApiServerAsync();
        output.WriteLine($"kube-apiserver restart: spawn to /readyz 200 in {plane.ApiServerStartDuration.TotalMilliseconds:0} ms");

        Assert.Equal(etcdProcessId, plane.EtcdProcessId);
        using var fresh = new k8s.Kubernetes(plane.CreateAdminConfiguration());
        var kept = await fresh.CoreV1.ReadNamespacedConfigMapAsync("kept", namespaceName);
        Assert.Equal("value", kept.Data["key"]);
        var viaOldClient = await plane.Client.CoreV1.ReadNamespacedConfigMapAsync("kept", namespaceName);
        Assert.Equal(kept.Metadata.Uid, viaOldClient.Metadata.Uid);
    }

    [Fact]
    public async Task DisposeAsync_Running_StopsBothProcessesAndDeletesTheDirectory()
    {
        var plane = await ControlPlane.StartAsync();
        output.WriteLine($"private control plane: etcd spawn to /readyz 200 in {plane.StartDuration.TotalMilliseconds:0} ms");
        var processIds = new[] { plane.EtcdProcessId!.Value, plane.ApiServerProcessId!.Value };

        await plane.DisposeAsync();

        Assert.All(processIds, id => Assert.False(Directory.Exists($"/proc/{id}"), $"process {id} is still running"));
        Assert.False(Directory.Exists(plane.WorkDirectory));
    }

    [Fact]
    public async Task StartAsync_ApiServerExitsAtOnce_ThrowsWithItsLogTailAndStopsEtcd()
    {
        var realBinaries = await ControlPlaneBinaries.FindAsync(CancellationToken.None);
        var scriptFolder = Directory.CreateTempSubdirectory("fake-apiserver-").FullName;
        var fakeApiServer = Path.Combine(scriptFolder, "kube-apiserver");
        await File.WriteAllTextAsync(fakeApiServer, "#!/bin/sh\necho 'simulated apiserver failure' >&2\nexit 3\n");
        File.SetUnixFileMode(fakeApiServer, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string? keptDirectory = null;
        try
        {
            var error = await Assert.ThrowsAsync<ControlPlaneStartException>(
                () => ControlPlane.StartAsync(new ControlPlaneOptions { Binaries = realBinaries with { ApiServer = fakeApiServer } }));
            keptDirectory = error.Directory;

            Assert.Contains("kube-apiserver exited with code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("simulated apiserver failure", error.Message, StringComparison.Ordinal);
            Assert.False(error.IsPortConflict);
            Assert.NotNull(keptDirectory);
            Assert.True(File.Exists(Path.Combine(keptDirectory, "kube-apiserver.log")), "the logs are kept for inspection");
            Assert.Empty(ProcessesMentioning(keptDirectory));
        }
        finally
        {
            Directory.Delete(scriptFolder, recursive: true);
            if (keptDirectory is not null)
            {
                Directory.Delete(keptDirectory, recursive: true);
            }
        }
    }

    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(path => int.TryParse(Path.GetFileName(path), out _)))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(process)}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
