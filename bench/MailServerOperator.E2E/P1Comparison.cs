using System.Diagnostics;
using System.Globalization;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// P1 only (creates → every status current and in its final position) for several operator builds or runtime settings
/// and the floor, interleaved round by round on one control plane so that each round sees the same load: per variant
/// the P1 time and the operator's CPU seconds during P1, and their medians. With a trace directory, each operator
/// round is also recorded by <c>dotnet-trace collect</c> (attached once the operator is ready, stopped when P1 ends);
/// with a perf directory, by <c>perf record -e cpu-clock -g</c> instead (native frames too: JIT, GC, TLS; give the
/// variant DOTNET_PerfMapEnabled=1 for managed names). A traced round's CPU includes the tracing's own cost, so trace
/// and measure in separate runs.
/// </summary>
internal static class P1Comparison
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    /// <summary>CPU is also read this long after P1, so that work the runtime merely postpones (tiering) is seen.</summary>
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);

    /// <summary>e2e p1 KUBECONFIG [--size N] [--rounds R] [--concurrency C] [--trace DIR [--trace-profile P] | --perf DIR] NAME=OPERATOR[,ENV=VALUE...]...</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var kubeconfig = args[0];
        int size = 1000, rounds = 3, concurrency = 4;
        string? traceDirectory = null;
        var perf = false;
        var traceProfile = "dotnet-sampled-thread-time";
        var variants = new List<(string Name, string Operator, Dictionary<string, string> Environment)> { ("floor", "floor", []) };
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--trace": traceDirectory = args[++i]; break;
                case "--trace-profile": traceProfile = args[++i]; break;
                case "--perf": traceDirectory = args[++i]; perf = true; break;
                default:
                    var name = args[i][..args[i].IndexOf('=', StringComparison.Ordinal)];
                    var parts = args[i][(name.Length + 1)..].Split(',');
                    variants.Add((name, parts[0], parts.Skip(1).ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])));
                    break;
            }
        }

        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var figures = new Figures();
        for (var round = 1; round <= rounds; round++)
        {
            var orders = Workload.RandomOrders(size, 8 + round);
            foreach (var (name, op, environment) in variants)
            {
                var @namespace = $"p1-{name}-{round}".ToLowerInvariant().Replace('_', '-');
                await Workload.CreateNamespaceAsync(client, @namespace);
                var before = await ApiServerMetrics.ReadAsync(client);
                var (seconds, cpu, cpuAfter) = op == "floor"
                    ? (await FloorAsync(client, @namespace, orders, concurrency), double.NaN, double.NaN)
                    : await OperatorAsync(client, http, kubeconfig, op, environment, @namespace, orders, concurrency,
                        traceDirectory is null ? null : (Path.Combine(traceDirectory, $"{name}-{round}.{(perf ? "perf.data" : "nettrace")}"), perf ? null : traceProfile));
                var patches = ApiServerMetrics.Difference(await ApiServerMetrics.ReadAsync(client), before).GetValueOrDefault("PATCH mailservers/status");
                figures.Add($"P1 creates → statuses current, s [{name}]", seconds);
                figures.Add($"P1 status PATCHes [{name}]", patches);
                if (!double.IsNaN(cpu))
                {
                    figures.Add($"P1 operator CPU, s [{name}]", cpu);
                    figures.Add($"P1 operator CPU, P1 and the {After.TotalSeconds:0} s after, s [{name}]", cpuAfter);
                }

                Console.WriteLine($"p1: round {round} {name}: P1 {seconds:F2} s, {patches} PATCHes, CPU {cpu:F2} s ({cpuAfter:F2} s with the {After.TotalSeconds:0} s after), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
                await Workload.DeleteAllAsync(client, @namespace);
            }
        }

        Console.WriteLine();
        Console.Write(figures.Report());
        var floor = figures.Median("P1 creates → statuses current, s [floor]")!.Value;
        foreach (var (name, _, _) in variants.Skip(1))
        {
            Console.WriteLine($"ratio: P1 [{name}] = {figures.Median($"P1 creates → statuses current, s [{name}]") / floor:F2}x floor");
        }

        return 0;
    }

    private static async Task<double> FloorAsync(k8s.Kubernetes client, string @namespace, int[] orders, int concurrency)
    {
        await using var watch = await StatusWatch.StartAsync(client, @namespace);
        var done = watch.Until(BenchmarkRun.Settled(orders), orders.Length);
        var p1 = Stopwatch.StartNew();
        await Workload.CreateAsync(client, @namespace, orders, concurrency);
        await Workload.PatchStatusAsync(client, @namespace, orders, concurrency);
        await done.WaitAsync(Patience);
        return p1.Elapsed.TotalSeconds;
    }

    private static async Task<(double Seconds, double Cpu, double CpuAfter)> OperatorAsync(
        k8s.Kubernetes client, HttpClient http, string kubeconfig, string op, Dictionary<string, string> environment, string @namespace, int[] orders,
        int concurrency, (string File, string? Profile)? trace)
    {
        await using var process = await OperatorStart.ReadyAsync(http, op, kubeconfig, @namespace, concurrency, environment, memoryLimit: null);
        ChildProcess? tracer = null;
        var pid = process.Pid.ToString(CultureInfo.InvariantCulture);
        if (trace is { Profile: null } p)
        {
            tracer = ChildProcess.Start("perf", ["record", "-e", "cpu-clock", "-F", "999", "-g", "-p", pid, "-o", p.File], new Dictionary<string, string>());
            await Task.Delay(1000);
        }
        else if (trace is { Profile: { } profile } t)
        {
            tracer = ChildProcess.Start(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace"),
                ["collect", "-p", pid, profile.Contains(':', StringComparison.Ordinal) ? "--providers" : "--profile", profile, "-o", t.File], new Dictionary<string, string>());
            await tracer.WaitForLinesAsync("Process", 1, TimeSpan.FromSeconds(30)); // "Process        : ..." once attached
            await Task.Delay(500);
        }

        try
        {
            await using var watch = await StatusWatch.StartAsync(client, @namespace);
            var cpu = ProcessStats.CpuSeconds(process.Pid);
            var done = watch.Until(BenchmarkRun.Settled(orders), orders.Length);
            var p1 = Stopwatch.StartNew();
            await Workload.CreateAsync(client, @namespace, orders, concurrency);
            await done.WaitAsync(Patience);
            var seconds = p1.Elapsed.TotalSeconds;
            var during = ProcessStats.CpuSeconds(process.Pid) - cpu;
            await Task.Delay(After);
            return (seconds, during, ProcessStats.CpuSeconds(process.Pid) - cpu);
        }
        finally
        {
            if (tracer is not null)
            {
                tracer.Signal("INT");
                await tracer.WaitForExitAsync(TimeSpan.FromSeconds(60));
                await tracer.DisposeAsync();
            }
        }
    }
}
