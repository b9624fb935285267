using System.Net;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The Dockerfile, built without Docker by <see cref="DockerfileEmulator"/> (its own COPY and RUN steps, so the
/// restore layer, .dockerignore and hack/publish.sh are all exercised), and the image's ENTRYPOINT started the way the
/// Deployment starts it.
/// </summary>
[Collection(DeployedOperators.Name)]
public sealed class ContainerImageTests(ContainerImageBuild build, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private DeployedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DeployedCluster.GetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Dockerfile_RuntimeStage_RunsTheOperatorAsNonRootWithoutWritingToDisk()
    {
        var stages = DockerfileParser.Parse(File.ReadAllText(ContainerImage.DockerfilePath));
        var runtime = stages[^1];
        string Value(string keyword) => runtime.Instructions.Last(i => i.Keyword == keyword).Arguments;

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0].BaseImage, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", runtime.BaseImage, StringComparison.Ordinal);
        Assert.True(Value("USER") == "$APP_UID" || (int.TryParse(Value("USER"), out var uid) && uid > 0), $"USER {Value("USER")} is not a numeric non-root user");
        Assert.Contains("DOTNET_EnableDiagnostics=0", runtime.Instructions.Where(i => i.Keyword == "ENV").SelectMany(i => i.Arguments.Split(' ')));
        Assert.Equal("""["/app/mailserver-operator"]""", Value("ENTRYPOINT"));
        var exposed = Value("EXPOSE").Split(' ').Select(int.Parse);
        var containerPorts = _cluster.Manifests.OperatorContainer.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("containerPort").GetInt32());
        Assert.Equal(containerPorts.Order(), exposed.Order());
    }

    [Fact]
    public async Task Image_App_IsOneNativeExecutableWithoutManagedAssemblies()
    {
        var image = await build.GetAsync();
        var app = image.Runtime.HostPath("/app");

        var files = Directory.EnumerateFileSystemEntries(app, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(app, f));

        Assert.Equal(["mailserver-operator"], files);
        var header = new byte[18];
        await using (var executable = File.OpenRead(image.EntrypointPath))
        {
            await executable.ReadExactlyAsync(header);
        }

        Assert.Equal("\u007FELF"u8.ToArray(), header[..4]);
        // e_type ET_EXEC, not ET_DYN: the undehydrated, position-dependent build the project chose (21 MiB less RSS).
        Assert.Equal(2, BitConverter.ToUInt16(header, 16));
    }

    /// <summary>The offline verbs of the native executable against the same sources run on the JIT (the test build's own copy).</summary>
    [Theory]
    [InlineData("validate", "examples")]
    [InlineData("validate", "examples/invalid")]
    [InlineData("crd")]
    [InlineData("schema")]
    public async Task Image_OfflineVerb_PrintsWhatTheJitBuildPrints(params string[] arguments)
    {
        var image = await build.GetAsync();

        var jit = await ExternalCommand.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "mailserver-operator.dll"), .. arguments], CommandTimeout, RepositoryRoot.Path);
        var native = await ExternalCommand.RunAsync(image.EntrypointPath, arguments, CommandTimeout, RepositoryRoot.Path, environment: image.Environment);

        Assert.NotEmpty(jit.StandardOutput);
        Assert.Equal((jit.ExitCode, jit.StandardOutput, jit.StandardError), (native.ExitCode, native.StandardOutput, native.StandardError));
    }

    [Fact]
    public async Task Image_Help_ListsEveryVerb()
    {
        var image = await build.GetAsync();
        output.WriteLine(image.BuildLog);

        var result = await ExternalCommand.RunAsync(image.EntrypointPath, ["--help"], CommandTimeout, environment: image.Environment);

        var help = result.EnsureSuccess();
        foreach (var verb in new[] { "run", "crd", "validate" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\b", help);
        }
    }

    [Fact]
    public async Task Image_WithTheDeploymentsArguments_LeadsAsTheServiceAccountReconcilesServesMetricsAndStopsCleanly()
    {
        var image = await build.GetAsync();
        var port = LoopbackPorts.Free();
        var arguments = _cluster.Manifests.OperatorContainer.GetProperty("args").EnumerateArray()
            .Select(a => a.GetString()!)
            .Select(a => a.StartsWith("--health-probe-bind-address", StringComparison.Ordinal) ? $"--health-probe-bind-address=http://127.0.0.1:{port}" : a)
            .Concat(["--kubeconfig", _cluster.OperatorKubeconfigPath, $"--webhook-bind-address=https://127.0.0.1:{LoopbackPorts.Free()}"]);
        var environment = image.Environment;
        environment["POD_NAMESPACE"] = DeployManifests.OperatorNamespace; // the Deployment's fieldRef metadata.namespace
        environment["POD_NAME"] = "mailserver-operator-5d8c7b9f4-smoke"; // metadata.name
        // The root file system is read-only in the pod: whatever the process writes lands in TMPDIR or HOME, watched here.
        var writable = Directory.CreateTempSubdirectory("mailserver-operator-writes-");
        environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(writable.FullName, "tmp")).FullName;
        environment["HOME"] = Directory.CreateDirectory(Path.Combine(writable.FullName, "home")).FullName;

        using var process = ManagedProcess.Start("operator-image", image.EntrypointPath, arguments, _cluster.Plane.WorkDirectory, environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        List<string> writtenWhileRunning, writtenInTheEnd;
        try
        {
            await Eventually.SucceedsAsync("/readyz to say it leads", TimeSpan.FromSeconds(60), async () =>
                process.HasExited ? $"exited with {process.ExitCode}: {process.ReadLogTail(30)}" : await AnswerAsync(http, "/readyz", "ok: leading"));
            Assert.Null(await AnswerAsync(http, "/healthz", "ok"));

            var servers = new MailServers(_cluster.Plane.Client, await _cluster.Plane.CreateNamespaceAsync("image"));
            await servers.CreateAsync(MailServers.Pop3("example-isp", 1));
            await Eventually.SucceedsAsync("positions", TimeSpan.FromSeconds(30), () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("example-isp", 3)));
            await Eventually.SucceedsAsync("/metrics with the operator's series", TimeSpan.FromSeconds(15), async () =>
            {
                var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return metrics.Contains("mailserver_operator_status_writes_total", StringComparison.Ordinal) &&
                    metrics.Contains("mailserver_operator_reconcile_duration_seconds_bucket", StringComparison.Ordinal)
                    ? null
                    : "series missing";
            });
            writtenWhileRunning = WrittenEntries(writable); // the diagnostics socket, for one, is gone after exit
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(20));
            output.WriteLine(process.ReadLogTail(40));
            writtenInTheEnd = WrittenEntries(writable);
            writable.Delete(recursive: true);
        }

        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("Forbidden", await File.ReadAllTextAsync(process.LogPath), StringComparison.Ordinal);
        Assert.Empty(writtenWhileRunning);
        Assert.Empty(writtenInTheEnd);
    }

    /// <summary>Everything under the TMPDIR and HOME given to the process, apart from those two directories.</summary>
    private static List<string> WrittenEntries(DirectoryInfo writable) =>
        [.. writable.EnumerateDirectories().SelectMany(root => root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)).Select(entry => entry.FullName)];

    private static async Task<string?> AnswerAsync(HttpClient http, string path, string expected)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK && body == expected ? null : $"{path}: HTTP {(int)response.StatusCode} {body}";
    }
}
