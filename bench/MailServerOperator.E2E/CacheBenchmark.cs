using System.Diagnostics;
using System.Globalization;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// P3 and P6 alone, for several published operators (or runtime settings) and the floor, interleaved round by round
/// on one namespace of N servers whose statuses are already current (bench/cache.sh): start → /readyz and the CPU
/// seconds until then, RSS once the process is idle, RSS after a forced relist, the memory group's peak, and
/// optionally a dotnet-gcdump of each operator settled and right after the relist (round 1).
/// </summary>
internal static class CacheBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CacheOptions.Parse(args);
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var figures = new Figures();
        var @namespace = $"cache-{Random.Shared.Next(0x10000):x4}";
        var orders = Workload.RandomOrders(options.Servers, seed: 8);
        await Workload.CreateNamespaceAsync(client, @namespace);
        var created = Stopwatch.StartNew();
        await Workload.CreateAsync(client, @namespace, orders, concurrency: 4);
        Console.WriteLine($"cache: {options.Servers} servers created in {created.Elapsed.TotalSeconds:0.0} s");

        // One operator brings every status to current first, so that each measured start finds nothing to write.
        await using (var watch = await StatusWatch.StartAsync(client, @namespace))
        {
            var settled = watch.Until(
                (name, s) => name.StartsWith("s-", StringComparison.Ordinal) && s.ObservedGeneration == s.Generation
                    && s.Position == orders[int.Parse(name[2..], CultureInfo.InvariantCulture)] + 2,
                orders.Length);
            await using var first = await StartOperatorAsync(options, options.Variants[0], @namespace, http, memoryLimit: null);
            await settled.WaitAsync(Patience);
            Console.WriteLine($"cache: every status current after {created.Elapsed.TotalSeconds:0.0} s");
        }

        if (options.ListPageSizes is { } sizes)
        {
            await ListTiming.RunAsync(client, options.Kubeconfig, @namespace, sizes, figures);
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            await FloorAsync(options, @namespace, figures);
            foreach (var variant in options.Variants)
            {
                await OperatorAsync(options, variant, @namespace, http, figures, round, client);
            }
        }

        Console.WriteLine();
        Console.Write(figures.Report());
        return 0;
    }

    private static async Task FloorAsync(CacheOptions options, string @namespace, Figures figures)
    {
        await using var informer = ChildProcess.Start(Environment.ProcessPath!, [typeof(CacheBenchmark).Assembly.Location, "informer", options.Kubeconfig, @namespace], new Dictionary<string, string>());
        await informer.WaitForLinesAsync("synced", 1, Patience);
        figures.Add("P6 start → ready, s [floor]", informer.Started.Elapsed.TotalSeconds);
        figures.Add("P6 CPU to ready, s [floor]", ProcessStats.CpuSeconds(informer.Pid));
        await IdleAsync(informer.Pid);
        figures.Add("P3 RSS settled, MiB [floor]", ProcessStats.RssMiB(informer.Pid));
        figures.Add("P3 RssAnon settled, MiB [floor]", ProcessStats.RssAnonMiB(informer.Pid));
    }

    private static async Task OperatorAsync(CacheOptions options, Variant variant, string @namespace, HttpClient http, Figures figures, int round, k8s.Kubernetes client)
    {
        var n = $"[{variant.Name}]";
        await using var op = await StartOperatorAsync(options, variant, @namespace, http, options.MemoryLimit);
        figures.Add($"P6 start → ready, s {n}", op.Started.Elapsed.TotalSeconds);
        figures.Add($"P6 CPU to ready, s {n}", ProcessStats.CpuSeconds(op.Pid));
        await IdleAsync(op.Pid);
        figures.Add($"P3 CPU start → idle, s {n}", ProcessStats.CpuSeconds(op.Pid));
        figures.Add($"P3 RSS settled, MiB {n}", ProcessStats.RssMiB(op.Pid));
        figures.Add($"P3 RssAnon settled, MiB {n}", ProcessStats.RssAnonMiB(op.Pid));
        if (round == 1 && options.GcDumpDirectory is { } dumps)
        {
            await GcDumpAsync(op.Pid, Path.Combine(dumps, $"{variant.Name}-settled.gcdump"));
        }

        var cpu = ProcessStats.CpuSeconds(op.Pid);
        await ForcedRelist.RunAsync(client, op, @namespace, options.ControlPlaneDirectory, options.RepositoryRoot);
        if (round == 1 && options.GcDumpDirectory is { } relistDumps)
        {
            await GcDumpAsync(op.Pid, Path.Combine(relistDumps, $"{variant.Name}-relist.gcdump"));
        }

        await IdleAsync(op.Pid);
        figures.Add($"P3 CPU of the relist, s {n}", ProcessStats.CpuSeconds(op.Pid) - cpu);
        figures.Add($"P3 RSS after relist, MiB {n}", ProcessStats.RssMiB(op.Pid));
        figures.Add($"P3 RssAnon after relist, MiB {n}", ProcessStats.RssAnonMiB(op.Pid));
        if (op.MemoryGroupUsage() is { } usage)
        {
            figures.Add($"memory group peak, MiB {n}", usage.PeakMiB);
            figures.Add($"memory group failcnt {n}", usage.Failures);
        }
    }

    /// <summary>Waits (at least 3 s, at most 60 s) until the process used less than 20 ms of CPU in the last second.</summary>
    private static async Task IdleAsync(int pid)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var deadline = Stopwatch.StartNew();
        var last = ProcessStats.CpuSeconds(pid);
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = ProcessStats.CpuSeconds(pid);
            if (now - last < 0.02)
            {
                return;
            }

            last = now;
        }
    }

    private static async Task GcDumpAsync(int pid, string path)
    {
        var tool = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".dotnet", "tools", "dotnet-gcdump");
        using var dump = Process.Start(new ProcessStartInfo(tool, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", path]) { RedirectStandardOutput = true })!;
        await dump.WaitForExitAsync();
        Console.WriteLine($"cache: gcdump {path} (exit {dump.ExitCode})");
    }

    private static Task<ChildProcess> StartOperatorAsync(CacheOptions options, Variant variant, string @namespace, HttpClient http, long? memoryLimit) =>
        OperatorStart.ReadyAsync(http, variant.Operator, options.Kubeconfig, @namespace, workers: 4, variant.Environment, memoryLimit);

    internal sealed record Variant(string Name, string Operator, IReadOnlyDictionary<string, string> Environment);

    private sealed record CacheOptions(
        string Kubeconfig, string ControlPlaneDirectory, string RepositoryRoot, int Servers, int Rounds, long? MemoryLimit, string? GcDumpDirectory, int[]? ListPageSizes, IReadOnlyList<Variant> Variants)
    {
        public static CacheOptions Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var variants = new List<Variant>();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    values[args[i]] = args[++i];
                }
                else
                {
                    var parts = args[i].Split(',');
                    var (name, path) = (parts[0][..parts[0].IndexOf('=', StringComparison.Ordinal)], parts[0][(parts[0].IndexOf('=', StringComparison.Ordinal) + 1)..]);
                    variants.Add(new Variant(name, path, parts.Skip(1).ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])));
                }
            }

            return new CacheOptions(
                values["--kubeconfig"], values["--control-plane-dir"], values["--repo"],
                int.Parse(values.GetValueOrDefault("--servers", "10000"), CultureInfo.InvariantCulture),
                int.Parse(values.GetValueOrDefault("--rounds", "1"), CultureInfo.InvariantCulture),
                values.TryGetValue("--memory-limit-mib", out var mib) ? long.Parse(mib, CultureInfo.InvariantCulture) * 1024 * 1024 : null,
                values.GetValueOrDefault("--gcdump"),
                values.TryGetValue("--list-timing", out var pages) ? [.. pages.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))] : null,
                variants.Count > 0 ? variants : throw new ArgumentException("name at least one NAME=OPERATOR"));
        }
    }
}
