using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// <c>run</c> as a pod runs it, against environments it cannot work in: each ends the process with a non-zero exit and
/// one line on stderr saying what failed, with no stack trace anywhere in its output.
/// </summary>
public sealed class StartupFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What a loaded machine may add before the process logs its first line (the runtime starting), beyond a bound a test asserts.</summary>
    private static readonly TimeSpan StartHeadroom = TimeSpan.FromSeconds(60);

    /// <summary>Shorter than the default (45 s, pinned by the unit tests of InformerCaches), so that the test does not wait it out.</summary>
    private static readonly TimeSpan CacheSyncTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Run_ApiServerUnreachable_ExitsNonZeroOnceTheCacheSyncTimeoutPasses()
    {
        var plane = await SharedControlPlane.GetAsync();
        // Bound but not listening: every connection is refused, and no other process can take the port meanwhile (a port
        // merely found free was once taken by another test's server, whose TLS answer replaced the refusal in the line).
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var kubeconfig = Path.Combine(plane.WorkDirectory, $"kubeconfig-unreachable-{closedPort}");
        await File.WriteAllTextAsync(kubeconfig, (await File.ReadAllTextAsync(plane.KubeconfigPath)).Replace(
            $"https://127.0.0.1:{plane.ApiServerUri.Port}", $"https://127.0.0.1:{closedPort}", StringComparison.Ordinal));
        var elapsed = Stopwatch.StartNew();
        await using var run = OperatorProcess.StartRun("unreachable", kubeconfig, plane.WorkDirectory, "--cache-sync-timeout", "5s");

        var line = await FailsWithOneLineAsync(run, ExitTimeout + StartHeadroom);

        // From the host's first line (the deadline runs from about there, not from exec on a loaded machine): not before
        // the deadline, and within it plus the time a loaded machine may take to shut the host down.
        var exited = DateTimeOffset.UtcNow;
        Assert.NotEmpty(run.Stdout);
        var running = exited - run.Stdout[0].At;
        output.WriteLine($"exited after {elapsed.Elapsed.TotalSeconds:F1} s, {running.TotalSeconds:F1} s after its first line: {line}");
        Assert.InRange(running, CacheSyncTimeout - TimeSpan.FromSeconds(1), ExitTimeout);
        Assert.Matches($@"^run: the caches did not sync within 5 s: (mailservers \(all namespaces\)|namespaces labelled mailshare.io/managed=true): connection refused \(127\.0\.0\.1:{closedPort}\)$", line);
    }

    [Fact]
    public async Task Run_ListForbidden_ExitsNonZeroAtOnceNamingThePermission()
    {
        var plane = await SharedControlPlane.GetAsync();
        var elapsed = Stopwatch.StartNew();
        await using var run = OperatorProcess.StartRun("forbidden", plane.UnprivilegedKubeconfigPath, plane.WorkDirectory);

        var line = await FailsWithOneLineAsync(run);

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(30), $"took {elapsed.Elapsed}");
        Assert.StartsWith("run: not allowed to list ", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 Forbidden", line, StringComparison.Ordinal);
        Assert.Contains($"User \"{ControlPlane.UnprivilegedUserName}\" cannot list resource", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LeaseNamespaceMissing_SaysWhyItCannotLeadAndExitsNonZero()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("nolease");
        await using var run = OperatorProcess.StartRun("nolease", plane.OperatorKubeconfigPath, plane.WorkDirectory,
            "--namespace", ns, "--leader-elect", "--lease-namespace", "nope-" + ns);

        var line = await FailsWithOneLineAsync(run);

        Assert.StartsWith($"run: cannot take part in leader election: the namespace \"nope-{ns}\" of the leader Lease does not exist (--lease-namespace)", line, StringComparison.Ordinal);
        Assert.Contains(run.Stdout, l => l.Line.Contains("Caches synced", StringComparison.Ordinal)); // it got as far as electing
        Assert.Contains(run.Stdout, l => l.Line.Contains("Cannot become the leader: lease nope-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_HealthPortInUse_ExitsNonZeroWithOneLine()
    {
        var plane = await SharedControlPlane.GetAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var run = OperatorProcess.Start(
            "porttaken",
            ["run", "--kubeconfig", plane.OperatorKubeconfigPath, "--disable-webhook", "--health-probe-bind-address", $"http://127.0.0.1:{port}"],
            plane.WorkDirectory);

        var line = await FailsWithOneLineAsync(run);

        Assert.Equal($"run: cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use", line);
    }

    /// <summary>Waits for a non-zero exit; returns the one stderr line after checking that no output holds a stack trace.</summary>
    private async Task<string> FailsWithOneLineAsync(OperatorProcess run, TimeSpan? timeout = null)
    {
        int exitCode;
        try
        {
            exitCode = await run.WaitForExitAsync(timeout ?? ExitTimeout);
        }
        finally
        {
            foreach (var (at, line) in run.Stdout.Concat(run.Stderr))
            {
                output.WriteLine($"{at:HH:mm:ss.fff} {line}");
            }
        }

        Assert.Equal(1, exitCode);
        var stack = run.Stdout.Concat(run.Stderr).Where(l => l.Line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Line.Contains("Exception:", StringComparison.Ordinal));
        Assert.Empty(stack);
        return Assert.Single(run.Stderr).Line;
    }
}
