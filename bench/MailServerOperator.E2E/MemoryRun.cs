using System.Diagnostics;
using System.Globalization;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// bench/memory.sh: P1 and P3 for several operator builds or runtime settings, interleaved round by round on one
/// control plane (each round rotates the order), so every variant sees the same load. Per variant and round: the
/// operator starts in an empty namespace, N servers are created (c=4, random order), and once every status is current
/// and in position: P1 seconds and operator CPU seconds, RSS 3 s after (P3 settled, as bench/e2e.sh), RSS after a
/// further idle period, and the settled RSS split by <see cref="MemoryMap"/>. Medians per variant at the end.
/// </summary>
internal static class MemoryRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? kubeconfig = null, inspect = null;
        int size = 1000, rounds = 3, concurrency = 4, idleSeconds = 20;
        long? memoryLimit = null;
        var variants = new List<(string Name, string Operator, Dictionary<string, string> Environment)>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--kubeconfig": kubeconfig = value; break;
                case "--size": size = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--idle-seconds": idleSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--memory-limit-mib": memoryLimit = long.Parse(value, CultureInfo.InvariantCulture) * 1024 * 1024; break;
                case "--inspect": inspect = value; break;
                case "--variant": variants.Add(ParseVariant(value)); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        ArgumentNullException.ThrowIfNull(kubeconfig, "--kubeconfig");
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var figures = new Figures();
        var random = new Random(8);
        for (var round = 1; round <= rounds; round++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var (name, op, environment) = variants[(v + round - 1) % variants.Count];
                var @namespace = $"mem-{round}-{random.Next(0x10000):x4}";
                await Workload.CreateNamespaceAsync(client, @namespace);
                var orders = Workload.RandomOrders(size, 8 + round);
                await using (var process = await OperatorStart.ReadyAsync(http, op, kubeconfig, @namespace, concurrency, environment, memoryLimit))
                {
                    await MeasureAsync(client, process, @namespace, orders, concurrency, $"[{name}]", Path.GetDirectoryName(Path.GetFullPath(op))!, idleSeconds, figures);
                    if (inspect is not null)
                    {
                        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", inspect]) { Environment = { ["PID"] = process.Pid.ToString(CultureInfo.InvariantCulture), ["VARIANT"] = name, ["ROUND"] = round.ToString(CultureInfo.InvariantCulture) } })!;
                        await shell.WaitForExitAsync();
                    }
                }

                await Workload.DeleteAllAsync(client, @namespace);
            }
        }

        Console.WriteLine();
        Console.Write(figures.Report());
        return 0;
    }

    private static async Task MeasureAsync(k8s.Kubernetes client, ChildProcess op, string @namespace, int[] orders, int concurrency, string n, string appDirectory, int idleSeconds, Figures figures)
    {
        await using var watch = await StatusWatch.StartAsync(client, @namespace);
        var cpu = ProcessStats.CpuSeconds(op.Pid);
        var done = watch.Until(BenchmarkRun.Settled(orders), orders.Length);
        var p1 = Stopwatch.StartNew();
        await Workload.CreateAsync(client, @namespace, orders, concurrency);
        await done.WaitAsync(TimeSpan.FromMinutes(15));
        figures.Add($"P1 creates → statuses current, s {n}", p1.Elapsed.TotalSeconds);
        figures.Add($"P1 operator CPU, s {n}", ProcessStats.CpuSeconds(op.Pid) - cpu);
        await Task.Delay(TimeSpan.FromSeconds(3));
        figures.Add($"P3 RSS settled, MiB {n}", ProcessStats.RssMiB(op.Pid));
        var (categories, files) = MemoryMap.Read(op.Pid, appDirectory);
        foreach (var (category, mib) in categories)
        {
            figures.Add($"P3 settled: {category}, MiB {n}", mib);
        }

        figures.Add($"P3 settled: threads {n}", ProcessStats.Threads(op.Pid));
        Console.WriteLine($"e2e: largest files {n}: " + string.Join(", ", files.Select(f => FormattableString.Invariant($"{f.File} {f.MiB:0.0}"))));
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
        figures.Add($"P3 RSS after {idleSeconds} s more idle, MiB {n}", ProcessStats.RssMiB(op.Pid));
        if (op.MemoryGroupUsage() is { } usage)
        {
            figures.Add($"memory group: peak usage, MiB {n}", usage.PeakMiB);
            figures.Add($"memory group: limit hits (failcnt) {n}", usage.Failures);
        }
    }

    /// <summary>NAME=OPERATOR[,ENV=VALUE...], as bench/startup.sh takes them.</summary>
    private static (string, string, Dictionary<string, string>) ParseVariant(string value)
    {
        var name = value[..value.IndexOf('=', StringComparison.Ordinal)];
        var parts = value[(name.Length + 1)..].Split(',');
        var environment = parts.Skip(1).ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
        return (name, parts[0], environment);
    }
}
