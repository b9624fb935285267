using System.Diagnostics;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// The kube-apiserver and etcd a <see cref="ControlPlane"/> runs, found the way controller-runtime's envtest finds them:
/// <c>TEST_ASSET_KUBE_APISERVER</c> / <c>TEST_ASSET_ETCD</c>, then <c>$KUBEBUILDER_ASSETS/{kube-apiserver,etcd}</c>,
/// else the directory that <c>hack/envtest.sh</c> prints (it builds the binaries once per machine).
/// A missing binary is an error, never a reason to skip.
/// </summary>
internal sealed record ControlPlaneBinaries(string ApiServer, string Etcd)
{
    private static readonly SemaphoreSlim EnvtestScriptGate = new(1, 1);
    private static string? envtestDirectory;

    public static async Task<ControlPlaneBinaries> FindAsync(CancellationToken cancellationToken)
    {
        var apiServer = Environment.GetEnvironmentVariable("TEST_ASSET_KUBE_APISERVER");
        var etcd = Environment.GetEnvironmentVariable("TEST_ASSET_ETCD");
        if (string.IsNullOrEmpty(apiServer) || string.IsNullOrEmpty(etcd))
        {
            var assets = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS");
            var source = string.IsNullOrEmpty(assets) ? "hack/envtest.sh" : "KUBEBUILDER_ASSETS";
            var directory = string.IsNullOrEmpty(assets) ? await RunEnvtestScriptAsync(cancellationToken) : assets;
            apiServer = string.IsNullOrEmpty(apiServer) ? Path.Combine(directory, "kube-apiserver") : apiServer;
            etcd = string.IsNullOrEmpty(etcd) ? Path.Combine(directory, "etcd") : etcd;
            EnsureExecutable(apiServer, source);
            EnsureExecutable(etcd, source);
        }
        else
        {
            EnsureExecutable(apiServer, "TEST_ASSET_KUBE_APISERVER");
            EnsureExecutable(etcd, "TEST_ASSET_ETCD");
        }

        return new ControlPlaneBinaries(apiServer, etcd);
    }

    private static void EnsureExecutable(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{Path.GetFileName(path)} not found at {path} (from {source}). Run hack/envtest.sh, or point " +
                "KUBEBUILDER_ASSETS at a directory holding kube-apiserver and etcd (e.g. from setup-envtest).",
                path);
        }

        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw new InvalidOperationException($"{path} (from {source}) is not executable");
        }
    }

    private static async Task<string> RunEnvtestScriptAsync(CancellationToken cancellationToken)
    {
        await EnvtestScriptGate.WaitAsync(cancellationToken);
        try
        {
            envtestDirectory ??= await RunScriptAsync(cancellationToken);
            return envtestDirectory;
        }
        finally
        {
            EnvtestScriptGate.Release();
        }
    }

    private static async Task<string> RunScriptAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot.Path, "hack", "envtest.sh");
        var info = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = (await stdout).Trim();
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException(
                $"{script} failed (exit code {process.ExitCode}) to provide kube-apiserver and etcd:\n{await stderr}");
        }

        return output.Split('\n')[^1].Trim();
    }
}
