using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using k8s;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Deploy;
using MailServerOperator.IntegrationTests.Hosting;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.QuickStart;

/// <summary>
/// README's quick start, <c>hack/run-local.sh</c>, run as a newcomer runs it (with ports of its own): the MailServer backed
/// by the local Dovecot becomes Ready beside the examples, and a SIGTERM stops everything the script started.
/// </summary>
public sealed partial class RunLocalTests(ITestOutputHelper output)
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10); // a control plane, Dovecot and the operator, on a loaded machine

    [Fact]
    public async Task RunLocal_AsReadmeGivesIt_LocalDovecotReadyAndSigtermStopsEverything()
    {
        var directory = Directory.CreateTempSubdirectory("run-local-test-").FullName;
        var (webhookPort, healthPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        // 250 beyond this run's own offset: ports apart from this run's test mail servers, from DiscoveryFixture's (500
        // beyond; the two collections run at the same time) and from every other checkout's (offsets 1000 apart).
        var mailOffset = int.Parse(Environment.GetEnvironmentVariable("MAILTEST_PORT_OFFSET") ?? "0", CultureInfo.InvariantCulture) + 250;
        var start = new ProcessStartInfo("bash", ["hack/run-local.sh"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment =
            {
                ["MAILSERVER_LOCAL_DIR"] = directory,
                // The operator this suite was built with, as every other test runs it: building it again in Debug (README's
                // default) would cost half a minute of CPU in the middle of the run.
                ["MAILSERVER_LOCAL_OPERATOR"] = OperatorProcess.ExecutablePath,
                ["MAILSERVER_WEBHOOK_PORT"] = webhookPort.ToString(CultureInfo.InvariantCulture),
                ["MAILSERVER_HEALTH_PORT"] = healthPort.ToString(CultureInfo.InvariantCulture),
                ["MAILTEST_PORT_OFFSET"] = mailOffset.ToString(CultureInfo.InvariantCulture),
                ["KUBECONFIG"] = null,
            },
        };
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        using var script = new Process { StartInfo = start };
        script.OutputDataReceived += (_, e) => { if (e.Data is not null) { stdout.Enqueue(e.Data); } };
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) { stderr.Enqueue(e.Data); } };
        script.Start();
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            var kubeconfig = await LineAsync(script, stdout, stderr, "export KUBECONFIG=", StartTimeout);
            var mailDirectory = MailDirectory().Match(string.Join('\n', stderr)).Groups[1].Value;
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var servers = new MailServers(client, "mail-share");

            var took = await Eventually.SucceedsAsync("local-dovecot Ready=True", TimeSpan.FromMinutes(3), () => servers.ConditionIsAsync("local-dovecot", ConditionTypes.Ready, ConditionStatus.True));
            output.WriteLine($"local-dovecot Ready {took.TotalSeconds:F1} s after the KUBECONFIG line");
            Assert.Null(await servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("local-dovecot", 3), ("example-isp", 4), ("example-provider", 5), ("on-premises", 6)));
            var listed = (await Kubectl.RunAsync(kubeconfig, ["get", "ms", "-n", "mail-share", "--sort-by=.status.position"])).EnsureSuccess();
            Assert.Equal(string.Join('\n', Rows(ReadmeListing())), string.Join('\n', Rows(listed))); // what README shows a newcomer
            var dovecot = (await servers.GetAsync("local-dovecot"))!;
            int[] ports = [webhookPort, healthPort, new Uri(client.BaseUri.AbsoluteUri).Port, dovecot.Spec!.Incoming!.Port!.Value, dovecot.Spec.Outgoing!.Port!.Value];
            var pids = new[] { "etcd.pid", "kube-apiserver.pid", "operator.pid" }.Select(f => Path.Combine(directory, f))
                .Append(Path.Combine(mailDirectory, "dovecot", "dovecot.pid"))
                .Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture)).ToList();
            Assert.All(ports, port => Assert.True(Listening(port), $"nothing listens on {port} before the SIGTERM"));
            Assert.Single(stdout, l => l.Contains("Operator user name", StringComparison.Ordinal)); // logged once, at start-up

            Assert.Equal(0, Kill(script.Id, SigTerm));
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await script.WaitForExitAsync(deadline.Token);
            }

            Assert.Equal(143, script.ExitCode);
            Assert.All(pids, pid => Assert.True(Exited(pid), $"process {pid} still runs after the script ended"));
            Assert.All(ports, port => Assert.False(Listening(port), $"something still listens on {port}"));
            Assert.False(Directory.Exists(mailDirectory), $"{mailDirectory} is left behind");
            Assert.False(File.Exists(Path.Combine(directory, "operator.pid")));
        }
        finally
        {
            if (!script.HasExited)
            {
                _ = Kill(script.Id, SigTerm);
                await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            }

            output.WriteLine(string.Join('\n', stderr.TakeLast(40)));
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>README's quick-start <c>kubectl get ms</c> output: the lines after the command, up to the closing fence.</summary>
    private static string ReadmeListing()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var command = readme.IndexOf("$ kubectl get ms -n mail-share --sort-by=.status.position\n", readme.IndexOf("## Quick start", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(command > 0, "README's quick start shows no `kubectl get ms -n mail-share --sort-by=.status.position`");
        var start = readme.IndexOf('\n', command) + 1;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// The columns of a <c>kubectl get ms</c> table, without AGE, with local ports as PORT (this run's Dovecot ports are
    /// shifted) and READY only for servers on this machine or the examples (a built-in's depends on internet access).
    /// </summary>
    private static List<string> Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var columns = Columns().Split(line);
            Assert.Equal(7, columns.Length);
            var ready = columns[0] is "gmail" or "exchange-online" ? "-" : columns[5];
            return LocalPort().Replace(string.Join(" | ", columns[..5].Append(ready)), "localhost:PORT");
        })];

    /// <summary>The rest of the first stdout line starting with <paramref name="prefix"/>; fails when the script exits first.</summary>
    private static async Task<string> LineAsync(Process script, ConcurrentQueue<string> stdout, ConcurrentQueue<string> stderr, string prefix, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line[prefix.Length..];
            }

            Assert.False(script.HasExited, $"hack/run-local.sh exited ({(script.HasExited ? script.ExitCode : 0)}) before printing {prefix}:\n{string.Join('\n', stderr.TakeLast(30))}");
            Assert.True(elapsed.Elapsed < timeout, $"no {prefix} line within {timeout}:\n{string.Join('\n', stderr.TakeLast(30))}");
            await Task.Delay(200);
        }
    }

    /// <summary>Gone, or a zombie: it has exited, and reaping it is up to its parent (init, once the script's subshells ended).</summary>
    private static bool Exited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    private static bool Listening(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();

    [GeneratedRegex(@"localhost:\d+")]
    private static partial Regex LocalPort();

    [GeneratedRegex(@"^run-local: Dovecot \(pid \d+\) serves .* from (\S+)$", RegexOptions.Multiline)]
    private static partial Regex MailDirectory();
}
