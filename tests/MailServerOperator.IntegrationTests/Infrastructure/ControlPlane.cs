using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MailServerOperator.Manifests;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// A real etcd and kube-apiserver on free 127.0.0.1 ports in a temporary directory, the way controller-runtime's
/// envtest runs them: token authentication (an admin in <c>system:masters</c> and an unprivileged user), RBAC
/// authorization, service-account tokens, TLS from a throwaway CA that clients verify.
/// There is no controller-manager: no garbage collection, no default service account, and a deleted namespace stays
/// Terminating, so each test creates fresh namespaces instead of cleaning up.
/// Everything it starts is stopped by process id (SIGTERM, a grace period, SIGKILL) on dispose, on process exit,
/// and by a watchdog process if the test host dies without running either.
/// </summary>
internal sealed partial class ControlPlane : IAsyncDisposable
{
    public const string AdminUserName = "admin";
    public const string UnprivilegedUserName = "tester";

    /// <summary>
    /// The operator's service account, as a token user (group <c>system:masters</c>): the name the webhook knows the
    /// operator's own requests by. There is no controller-manager to issue real service-account tokens.
    /// </summary>
    public const string OperatorUserName = "system:serviceaccount:mailserver-operator-system:mailserver-operator";

    private const string FieldManager = "test-control-plane";
    private const int StartAttempts = 3;
    private const int LogTailLines = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProcessExitGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Go collects garbage when the heap has grown by GOGC percent (100 by default): at 400, kube-apiserver spends about
    /// 10% less CPU getting to ready (3.1 instead of 3.4 CPU-s, the mean of five starts each on the loaded 2-core machine),
    /// for a few hundred MiB more at most; the suite starts about ten and is CPU-bound.
    /// </summary>
    private static readonly Dictionary<string, string?> ApiServerEnvironment = new(StringComparer.Ordinal) { ["GOGC"] = "400" };

    private const string WatchdogScript = """
        while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
        for f in "$2"/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
        rm -rf "$2"
        """;

    private readonly ControlPlaneOptions options;
    private readonly ControlPlaneBinaries binaries;
    private readonly ControlPlaneCertificates certificates;
    private readonly string adminToken = NewToken();
    private readonly string etcdUrl;
    private readonly string etcdPeerUrl;
    private readonly string tokenFilePath;
    private readonly HttpClient http;
    private readonly k8s.Kubernetes client;
    private readonly Process watchdog;
    private ManagedProcess? etcd;
    private ManagedProcess? apiServer;
    private int disposed;

    private ControlPlane(ControlPlaneOptions options, ControlPlaneBinaries binaries)
    {
        this.options = options;
        this.binaries = binaries;
        WorkDirectory = Directory.CreateTempSubdirectory("mailserver-control-plane-").FullName;
        var (etcdPort, etcdPeerPort, apiServerPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        etcdUrl = $"http://127.0.0.1:{etcdPort}";
        etcdPeerUrl = $"http://127.0.0.1:{etcdPeerPort}";
        ApiServerUri = new Uri($"https://127.0.0.1:{apiServerPort}/");

        certificates = ControlPlaneCertificates.Create(WorkDirectory);
        var unprivilegedToken = NewToken();
        var operatorToken = NewToken();
        tokenFilePath = Path.Combine(WorkDirectory, "tokens.csv");
        File.WriteAllText(
            tokenFilePath,
            $"{adminToken},{AdminUserName},{AdminUserName},\"system:masters\"\n{unprivilegedToken},{UnprivilegedUserName},{UnprivilegedUserName}\n" +
            $"{operatorToken},{OperatorUserName},{OperatorUserName},\"system:masters\"\n");
        KubeconfigPath = Path.Combine(WorkDirectory, "kubeconfig");
        KubeconfigFile.Write(KubeconfigPath, ApiServerUri, certificates.CaCertificatePem, AdminUserName, adminToken);
        UnprivilegedKubeconfigPath = Path.Combine(WorkDirectory, "kubeconfig-" + UnprivilegedUserName);
        KubeconfigFile.Write(UnprivilegedKubeconfigPath, ApiServerUri, certificates.CaCertificatePem, UnprivilegedUserName, unprivilegedToken);
        OperatorKubeconfigPath = Path.Combine(WorkDirectory, "kubeconfig-operator");
        KubeconfigFile.Write(OperatorKubeconfigPath, ApiServerUri, certificates.CaCertificatePem, "operator", operatorToken);

        http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = IsTrustedServer },
            PooledConnectionLifetime = TimeSpan.FromSeconds(1),
        })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        client = new k8s.Kubernetes(CreateAdminConfiguration());
        watchdog = StartWatchdog(WorkDirectory);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The temporary directory: kubeconfigs, certificates, <c>*.log</c>, <c>*.pid</c> and etcd's data.</summary>
    public string WorkDirectory { get; }

    public Uri ApiServerUri { get; }

    /// <summary>A kubeconfig for the admin user (group <c>system:masters</c>), for kubectl or an operator under test.</summary>
    public string KubeconfigPath { get; }

    /// <summary>A kubeconfig for <see cref="UnprivilegedUserName"/>, who has no RBAC bindings until a test grants some.</summary>
    public string UnprivilegedKubeconfigPath { get; }

    /// <summary>A kubeconfig for <see cref="OperatorUserName"/>.</summary>
    public string OperatorKubeconfigPath { get; }

    /// <summary>A client authenticated as the admin.</summary>
    public IKubernetes Client => client;

    /// <summary>etcd's client URL (its v3 JSON gateway serves <c>/v3/kv/compaction</c>).</summary>
    public Uri EtcdUri => new(etcdUrl);

    public int? EtcdProcessId => etcd is { HasExited: false } ? etcd.Id : null;

    public int? ApiServerProcessId => apiServer is { HasExited: false } ? apiServer.Id : null;

    /// <summary>From spawning etcd to the first HTTP 200 from the apiserver's <c>/readyz</c>.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>From the latest kube-apiserver spawn to its HTTP 200 from <c>/readyz</c>.</summary>
    public TimeSpan ApiServerStartDuration { get; private set; }

    /// <summary>Starts etcd and kube-apiserver and returns once <c>/readyz</c> answers HTTP 200.</summary>
    /// <exception cref="ControlPlaneStartException">A process exited or did not get ready; the message has its log tail.</exception>
    public static async Task<ControlPlane> StartAsync(ControlPlaneOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ControlPlaneOptions();
        var binaries = options.Binaries ?? await ControlPlaneBinaries.FindAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var plane = new ControlPlane(options, binaries);
            try
            {
                await plane.StartProcessesAsync(cancellationToken);
                return plane;
            }
            catch (ControlPlaneStartException e) when (e.IsPortConflict && attempt < StartAttempts)
            {
                await plane.ShutdownAsync(keepLogs: false);
            }
            catch
            {
                await plane.ShutdownAsync(keepLogs: true);
                throw;
            }
        }
    }

    public KubernetesClientConfiguration CreateAdminConfiguration() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

    public KubernetesClientConfiguration CreateUnprivilegedConfiguration() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(UnprivilegedKubeconfigPath);

    public KubernetesClientConfiguration CreateOperatorConfiguration() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(OperatorKubeconfigPath);

    /// <summary>
    /// Writes a kubeconfig (in <see cref="WorkDirectory"/>) that authenticates with <paramref name="token"/>, for
    /// example a service account's token from the TokenRequest API, and returns its path.
    /// </summary>
    public string WriteKubeconfig(string fileName, string userName, string token)
    {
        var path = Path.Combine(WorkDirectory, fileName);
        KubeconfigFile.Write(path, ApiServerUri, certificates.CaCertificatePem, userName, token);
        return path;
    }

    /// <summary>Creates a namespace named <c>PREFIX-xxxxxxxx</c> (random suffix) and returns its name once it is Active.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (!NamespacePrefix().IsMatch(prefix))
        {
            throw new ArgumentException(
                $"namespace prefix '{prefix}' must be 1 to 40 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
                nameof(prefix));
        }

        var name = $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await client.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = name } },
            cancellationToken: cancellationToken);
        await WaitForAsync(
            $"namespace {name} to become Active",
            options.ResourceReadyTimeout,
            async token =>
            {
                var phase = (await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: token)).Status?.Phase;
                return phase == "Active" ? null : $"phase {phase}";
            },
            process: null,
            cancellationToken);
        return name;
    }

    /// <summary>
    /// Applies (server-side apply) every CustomResourceDefinition in the <c>*.yaml</c> and <c>*.yml</c> files of
    /// <paramref name="directory"/> (except a kustomization file), then waits until each is Established, and returns
    /// them as the server has them.
    /// </summary>
    public async Task<IReadOnlyList<V1CustomResourceDefinition>> InstallCrdsAsync(string directory, CancellationToken cancellationToken = default)
    {
        var crds = new List<(string Name, string Json)>();
        var files = Directory.EnumerateFiles(directory)
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            .Where(file => !Path.GetFileName(file).StartsWith("kustomization.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            crds.AddRange(await ReadCrdsAsync(file, cancellationToken));
        }

        foreach (var crd in crds)
        {
            await client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(
                new V1Patch(crd.Json, V1Patch.PatchType.ApplyPatch),
                crd.Name,
                fieldManager: FieldManager,
                force: true,
                cancellationToken: cancellationToken);
        }

        var established = new List<V1CustomResourceDefinition>(crds.Count);
        foreach (var crd in crds)
        {
            established.Add(await WaitForEstablishedAsync(crd.Name, cancellationToken));
        }

        return established;
    }

    /// <summary>Stops kube-apiserver (SIGTERM, grace period, SIGKILL); etcd keeps running and keeps the data.</summary>
    public async Task StopApiServerAsync()
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        if (apiServer is not null)
        {
            await apiServer.StopAsync(options.StopGracePeriod);
        }
    }

    /// <summary>Starts kube-apiserver again on the same port with the same credentials, and waits for <c>/readyz</c>.</summary>
    public async Task StartApiServerAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        if (apiServer is { HasExited: false })
        {
            throw new InvalidOperationException("kube-apiserver is already running");
        }

        apiServer?.Dispose();
        var started = Stopwatch.StartNew();
        apiServer = ManagedProcess.Start("kube-apiserver", binaries.ApiServer, ApiServerArguments(), WorkDirectory, ApiServerEnvironment);
        await WaitForAsync("kube-apiserver /readyz to answer 200", options.ReadyTimeout, IsApiServerReadyAsync, apiServer, cancellationToken);
        ApiServerStartDuration = started.Elapsed;
    }

    public async Task RestartApiServerAsync(CancellationToken cancellationToken = default)
    {
        await StopApiServerAsync();
        await StartApiServerAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(ShutdownAsync(keepLogs: false));

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static Process StartWatchdog(string directory)
    {
        // Stops the processes listed in DIR/*.pid once the test host is gone, however it went.
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-c", WatchdogScript, "control-plane-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory },
        };
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the control plane watchdog");
    }

    private static async Task<IEnumerable<(string Name, string Json)>> ReadCrdsAsync(string file, CancellationToken cancellationToken)
    {
        // The operator's own YAML reader (KubernetesClient.Aot keeps its YAML loader internal); applied as that JSON (the
        // Aot client cannot serialize a CRD model back: its schema's free-form values are JsonElements).
        var read = YamlManifestParser.Parse(file, await File.ReadAllTextAsync(file, cancellationToken));
        if (read.Problems.Count > 0)
        {
            throw new InvalidDataException($"{file}: line {read.Problems[0].Line}: {read.Problems[0].Message}");
        }

        return read.Documents.Select(document => document.Content.TryGetProperty("kind", out var kind) && kind.ValueEquals("CustomResourceDefinition")
            ? (document.Content.GetProperty("metadata").GetProperty("name").GetString()!, document.Content.GetRawText())
            : throw new InvalidDataException($"{file}: only CustomResourceDefinition documents are installed, found {ModelName(document.Content)}"));
    }

    /// <summary>The client's model name for a document (V1ConfigMap for apiVersion v1, kind ConfigMap), as the typed YAML loader named what it found.</summary>
    private static string ModelName(JsonElement document)
    {
        var kind = document.TryGetProperty("kind", out var k) ? k.GetString() : null;
        var apiVersion = document.TryGetProperty("apiVersion", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(apiVersion))
        {
            return "a document without apiVersion and kind";
        }

        var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
        return string.Concat(version[..1].ToUpperInvariant(), version[1..], kind);
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$")]
    private static partial Regex NamespacePrefix();

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        etcd = ManagedProcess.Start("etcd", binaries.Etcd, EtcdArguments(), WorkDirectory);
        await WaitForAsync("etcd /health to answer true", options.ReadyTimeout, IsEtcdHealthyAsync, etcd, cancellationToken);
        await StartApiServerAsync(cancellationToken);
        StartDuration = started.Elapsed;
    }

    private string[] EtcdArguments() =>
    [
        "--name=test",
        "--data-dir=" + Path.Combine(WorkDirectory, "etcd-data"),
        "--listen-client-urls=" + etcdUrl,
        "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + etcdPeerUrl,
        "--initial-advertise-peer-urls=" + etcdPeerUrl,
        "--initial-cluster=test=" + etcdPeerUrl,
    ];

    private string[] ApiServerArguments() =>
    [
        .. options.ExtraApiServerArguments,
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + ApiServerUri.Port.ToString(CultureInfo.InvariantCulture),
        "--insecure-port=0",
        "--tls-cert-file=" + certificates.ServingCertificatePath,
        "--tls-private-key-file=" + certificates.ServingKeyPath,
        "--token-auth-file=" + tokenFilePath,
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + certificates.ServiceAccountKeyPath,
        "--service-account-signing-key-file=" + certificates.ServiceAccountKeyPath,
        "--service-cluster-ip-range=10.0.0.0/24",
        "--disable-admission-plugins=ServiceAccount",
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
    ];

    private async Task<string?> IsEtcdHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(etcdUrl + "/health"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && body.Contains("\"health\":\"true\"", StringComparison.Ordinal)
            ? null
            : $"HTTP {(int)response.StatusCode} {body}";
    }

    private async Task<string?> IsApiServerReadyAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiServerUri, "readyz?verbose"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return null;
        }

        var failing = (await response.Content.ReadAsStringAsync(cancellationToken))
            .Split('\n')
            .Where(line => line.StartsWith("[-]", StringComparison.Ordinal));
        return $"HTTP {(int)response.StatusCode} {string.Join("; ", failing)}";
    }

    private async Task<V1CustomResourceDefinition> WaitForEstablishedAsync(string name, CancellationToken cancellationToken)
    {
        V1CustomResourceDefinition? latest = null;
        await WaitForAsync(
            $"CRD {name} to be Established",
            options.ResourceReadyTimeout,
            async token =>
            {
                latest = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: token);
                var established = latest.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Established");
                return established?.Status == "True" ? null : $"Established={established?.Status ?? "absent"} {established?.Message}";
            },
            process: null,
            cancellationToken);
        return latest!;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> (null means done, text says why not) until done or <paramref name="timeout"/>.
    /// With a <paramref name="process"/>, its exit ends the wait at once and failures carry the logs.
    /// </summary>
    private async Task WaitForAsync(
        string goal,
        TimeSpan timeout,
        Func<CancellationToken, Task<string?>> probe,
        ManagedProcess? process,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var notYet = "not checked yet";
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw StartFailure($"{process.Name} exited with code {process.ExitCode} while waiting for {goal}");
            }

            try
            {
                var state = await probe(deadline.Token);
                if (state is null)
                {
                    return;
                }

                notYet = state;
            }
            catch (HttpRequestException e)
            {
                notYet = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A single request timed out, or the whole wait did: the deadline decides.
            }

            await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = $"timed out after {timeout.TotalSeconds:0}s waiting for {goal}; last state: {notYet}";
                throw process is null ? new TimeoutException(message) : StartFailure(message);
            }
        }
    }

    private ControlPlaneStartException StartFailure(string message)
    {
        var logs = new[] { etcd, apiServer }
            .OfType<ManagedProcess>()
            .Select(process => (process.Name, Tail: process.ReadLogTail(LogTailLines)))
            .ToList();
        var isPortConflict = logs.Any(log => log.Tail.Contains("address already in use", StringComparison.Ordinal));
        var details = string.Concat(logs.Select(log => $"\n--- last lines of {log.Name}.log ---\n{log.Tail}"));
        return new ControlPlaneStartException(
            $"test control plane in {WorkDirectory}: {message}{details}",
            WorkDirectory,
            isPortConflict);
    }

    private bool IsTrustedServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && certificates.IsTrusted(certificate as X509Certificate2);

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // The test platform may kill the host soon after exit begins (vstest allows 100 ms), so both processes get
        // SIGTERM at once and little time; whatever is left when the host dies, the watchdog kills.
        var running = new[] { apiServer, etcd }.OfType<ManagedProcess>().ToList();
        running.ForEach(process => process.RequestStop());
        running.ForEach(process => process.Stop(ProcessExitGracePeriod));
        DeleteAndStopWatchdog(keepLogs: false);
    }

    private async Task ShutdownAsync(bool keepLogs)
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        client.Dispose();
        http.Dispose();
        foreach (var process in new[] { apiServer, etcd }.OfType<ManagedProcess>())
        {
            await process.StopAsync(options.StopGracePeriod);
            process.Dispose();
        }

        DeleteAndStopWatchdog(keepLogs);
    }

    private void DeleteAndStopWatchdog(bool keepLogs)
    {
        // Delete first: if the host is killed half-way (vstest kills it soon after exit begins), the watchdog is still
        // there to finish the job.
        var doomed = keepLogs ? Path.Combine(WorkDirectory, "etcd-data") : WorkDirectory;
        if (Directory.Exists(doomed))
        {
            Directory.Delete(doomed, recursive: true);
        }

        watchdog.Kill();
        watchdog.WaitForExit();
        watchdog.Dispose();
    }
}
