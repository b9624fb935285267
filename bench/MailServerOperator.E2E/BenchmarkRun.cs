using System.Diagnostics;
using System.Globalization;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// Rounds of P1 (creates → every status current and in its final position), P2 (writes at rest), P3 (RSS settled and
/// after a forced relist), P5 (spec change → Valid visible), P6 (start → ready), API calls by verb and resource and the
/// operator's CPU, each next to a floor doing the same API work in the same run.
/// </summary>
internal sealed class BenchmarkRun(BenchmarkOptions options, k8s.Kubernetes client) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);
    private readonly Figures _figures = new();
    private readonly Random _random = new(options.Seed);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig));
        using var run = new BenchmarkRun(options, client);
        foreach (var size in options.Sizes)
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                await run.RoundAsync(size, round);
            }
        }

        Console.WriteLine();
        Console.Write(run._figures.Report());
        return 0;
    }

    public void Dispose() => _http.Dispose();

    private async Task RoundAsync(int size, int round)
    {
        Console.WriteLine($"e2e: N={size}, round {round}/{options.Rounds}");
        var orders = Workload.RandomOrders(size, options.Seed + round);
        var suffix = $"{size}-{round}-{_random.Next(0x10000):x4}";
        var floorNamespace = "floor-" + suffix;
        var operatorNamespace = "op-" + suffix;
        await Workload.CreateNamespaceAsync(client, floorNamespace);
        await Workload.CreateNamespaceAsync(client, operatorNamespace);
        var n = $"[N={size}]";

        if (!options.SkipFloor)
        {
            await FloorAsync(floorNamespace, orders, n);
        }

        await OperatorAsync(operatorNamespace, orders, n, round);

        await Workload.DeleteAllAsync(client, floorNamespace);
        await Workload.DeleteAllAsync(client, operatorNamespace);
    }

    private async Task FloorAsync(string @namespace, int[] orders, string n)
    {
        await using (var watch = await StatusWatch.StartAsync(client, @namespace))
        {
            var done = watch.Until(Settled(orders), orders.Length);
            var p1 = Stopwatch.StartNew();
            await Workload.CreateAsync(client, @namespace, orders, options.Concurrency);
            await Workload.PatchStatusAsync(client, @namespace, orders, options.Concurrency);
            await done.WaitAsync(Patience);
            _figures.Add($"P1 creates → statuses current, s {n} (floor)", p1.Elapsed.TotalSeconds);

            await ChangesAsync(watch, @namespace, orders, n + " (floor)", async (name, generation) =>
                await Workload.PatchStatusAsync(client, @namespace, name, generation, orders[int.Parse(name[2..], CultureInfo.InvariantCulture)] + 2, CancellationToken.None));
        }

        await using var informer = ChildProcess.Start(Environment.ProcessPath!, [typeof(BenchmarkRun).Assembly.Location, "informer", options.Kubeconfig, @namespace], new Dictionary<string, string>());
        await informer.WaitForLinesAsync("synced", 1, Patience);
        _figures.Add($"P6 start → synced, s {n} (floor)", informer.Started.Elapsed.TotalSeconds);
        await Task.Delay(options.SettleTime);
        var rss = ProcessStats.RssMiB(informer.Pid);
        _figures.Add($"P3 RSS settled, MiB {n} (floor)", rss);
        _figures.Add($"P3 RSS after relist, MiB {n} (floor)", rss);
    }

    private async Task OperatorAsync(string @namespace, int[] orders, string n, int round)
    {
        var op = await StartOperatorAsync(@namespace);
        try
        {
            await using var watch = await StatusWatch.StartAsync(client, @namespace);
            var before = await ApiServerMetrics.ReadAsync(client);
            var cpu = ProcessStats.CpuSeconds(op.Pid);
            var done = watch.Until(Settled(orders), orders.Length);
            var p1 = Stopwatch.StartNew();
            await Workload.CreateAsync(client, @namespace, orders, options.Concurrency);
            await done.WaitAsync(Patience);
            _figures.Add($"P1 creates → statuses current, s {n}", p1.Elapsed.TotalSeconds);
            _figures.Add($"P1 operator CPU, s {n}", ProcessStats.CpuSeconds(op.Pid) - cpu);
            var calls = ApiServerMetrics.Difference(await ApiServerMetrics.ReadAsync(client), before);
            foreach (var key in new[] { "POST mailservers", "PATCH mailservers/status", "POST events", "PATCH events", "PUT mailservers/status", "LIST mailservers", "WATCH mailservers" })
            {
                _figures.Add($"P1 API calls {key} {n}", calls.GetValueOrDefault(key));
            }

            _figures.Add($"P1 API calls all writes {n}", ApiServerMetrics.Writes(calls));
            _figures.Add($"P1 API calls PATCH mailservers/status {n} (floor)", orders.Length);

            await Task.Delay(options.SettleTime * 0.6); // trailing writes of P1 are not P2's
            if (round == 1)
            {
                var rest = await ApiServerMetrics.ReadAsync(client);
                await Task.Delay(options.QuietWindow);
                var writes = ApiServerMetrics.Writes(ApiServerMetrics.Difference(await ApiServerMetrics.ReadAsync(client), rest));
                _figures.Add($"P2 writes in {options.QuietWindow.TotalSeconds:0} s at rest {n}", writes);
            }

            _figures.Add($"P3 RSS settled, MiB {n}", ProcessStats.RssMiB(op.Pid));

            await ChangesAsync(watch, @namespace, orders, n, (_, _) => Task.CompletedTask);

            await ForcedRelist.RunAsync(client, op, @namespace, options.ControlPlaneDirectory, options.RepositoryRoot);
            await Task.Delay(options.SettleTime);
            _figures.Add($"P3 RSS after relist, MiB {n}", ProcessStats.RssMiB(op.Pid));
            ReportMemoryGroup(op, n);
        }
        finally
        {
            await op.DisposeAsync();
        }

        var restarted = await StartOperatorAsync(@namespace);
        await using (restarted)
        {
            _figures.Add($"P6 start → ready, s {n}", restarted.Started.Elapsed.TotalSeconds);
        }
    }

    /// <summary>P5: one spec change at a time; the time until its Valid condition (for that generation) is visible.</summary>
    private async Task ChangesAsync(StatusWatch watch, string @namespace, int[] orders, string n, Func<string, long, Task> react)
    {
        var latencies = new List<double>();
        for (var i = 0; i < options.Changes; i++)
        {
            var name = Workload.Name(_random.Next(orders.Length));
            var started = Stopwatch.StartNew();
            var generation = await Workload.ChangeDisplayNameAsync(client, @namespace, name, $"Changed {i}");
            var visible = watch.Until((server, s) => server == name && s.ObservedGeneration >= generation && s.ValidGeneration >= generation, 1);
            await react(name, generation);
            await visible.WaitAsync(TimeSpan.FromMinutes(1));
            latencies.Add(started.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        _figures.Add($"P5 change → Valid visible p50, ms {n}", Percentile(latencies, 0.50));
        _figures.Add($"P5 change → Valid visible p99, ms {n}", Percentile(latencies, 0.99));
    }

    private Task<ChildProcess> StartOperatorAsync(string @namespace) =>
        OperatorStart.ReadyAsync(_http, options.Operator, options.Kubeconfig, @namespace, options.Concurrency, options.OperatorEnvironment, options.MemoryLimit);

    private void ReportMemoryGroup(ChildProcess op, string n)
    {
        if (op.MemoryGroupUsage() is { } usage)
        {
            _figures.Add($"memory group {options.MemoryLimit / 1048576} MiB: peak usage, MiB {n}", usage.PeakMiB);
            _figures.Add($"memory group {options.MemoryLimit / 1048576} MiB: limit hits (failcnt) {n}", usage.Failures);
        }
    }

    public static Func<string, ObservedServer, bool> Settled(int[] orders) => (name, server) =>
        name.StartsWith("s-", StringComparison.Ordinal)
        && server.ObservedGeneration == server.Generation
        && server.Position == orders[int.Parse(name[2..], CultureInfo.InvariantCulture)] + 2;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
