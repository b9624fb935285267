using System.Globalization;

namespace MailServerOperator.E2E;

internal sealed class BenchmarkOptions
{
    public required string Kubeconfig { get; init; }

    /// <summary>The operator's published entry point (hack/publish.sh output: the mailserver-operator executable).</summary>
    public required string Operator { get; init; }

    /// <summary>The directory of hack/control-plane.sh's control plane, so that the API server can be restarted (P3 relist).</summary>
    public required string ControlPlaneDirectory { get; init; }

    public required string RepositoryRoot { get; init; }

    public IReadOnlyList<int> Sizes { get; init; } = [1000, 10000];

    public int Rounds { get; init; } = 3;

    public int Concurrency { get; init; } = 4;

    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(60);

    public int Changes { get; init; } = 200;

    /// <summary>How long a process is left to settle before its RSS is read, and the operator before P2 starts counting.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run the operator inside a cgroup v1 memory group with this limit (bytes), as a pod's limit does.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Extra environment for the operator, e.g. DOTNET_gcServer=0, to compare GC settings.</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>();

    public int Seed { get; init; } = 8;

    /// <summary>Measure the operator only (the memory-group mode, where the floor of the same run is already known).</summary>
    public bool SkipFloor { get; init; }

    public static BenchmarkOptions Parse(string[] args)
    {
        string? kubeconfig = null, op = null, planeDirectory = null, root = null;
        List<int> sizes = [1000, 10000];
        int rounds = 3, concurrency = 4, changes = 200, seed = 8;
        var quiet = TimeSpan.FromSeconds(60);
        var settle = TimeSpan.FromSeconds(5);
        long? memory = null;
        var environment = new Dictionary<string, string>();
        var skipFloor = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--skip-floor")
            {
                skipFloor = true;
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--kubeconfig": kubeconfig = value; break;
                case "--operator": op = value; break;
                case "--control-plane-dir": planeDirectory = value; break;
                case "--repo": root = value; break;
                case "--sizes": sizes = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--quiet-seconds": quiet = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--settle-seconds": settle = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--changes": changes = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--memory-limit-mib": memory = long.Parse(value, CultureInfo.InvariantCulture) * 1024 * 1024; break;
                case "--operator-env": environment[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..]; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return new BenchmarkOptions
        {
            Kubeconfig = kubeconfig ?? throw new ArgumentException("--kubeconfig is required"),
            Operator = op ?? throw new ArgumentException("--operator is required"),
            ControlPlaneDirectory = planeDirectory ?? throw new ArgumentException("--control-plane-dir is required"),
            RepositoryRoot = root ?? throw new ArgumentException("--repo is required"),
            Sizes = sizes,
            Rounds = rounds,
            Concurrency = concurrency,
            QuietWindow = quiet,
            Changes = changes,
            SettleTime = settle,
            MemoryLimit = memory,
            OperatorEnvironment = environment,
            Seed = seed,
            SkipFloor = skipFloor,
        };
    }
}
