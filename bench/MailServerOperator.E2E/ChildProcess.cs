using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MailServerOperator.E2E;

/// <summary>
/// A process the benchmark starts (the operator or the floor informer), optionally inside a cgroup v1 memory group,
/// with its output kept so that the benchmark can wait for a line (e.g. the operator's "Listed ..." log).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly string? _cgroup;

    private ChildProcess(Process process, string? cgroup)
    {
        _process = process;
        _cgroup = cgroup;
    }

    public int Pid => _process.Id;

    public Stopwatch Started { get; } = Stopwatch.StartNew();

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, long? memoryLimit = null)
    {
        string? cgroup = null;
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (memoryLimit is { } limit)
        {
            cgroup = $"/sys/fs/cgroup/memory/mailserver-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}"[..60];
            Directory.CreateDirectory(cgroup);
            File.WriteAllText(Path.Combine(cgroup, "memory.limit_in_bytes"), limit.ToString(CultureInfo.InvariantCulture));
            info.FileName = "/bin/sh";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"echo $$ > {cgroup}/cgroup.procs && exec \"$0\" \"$@\"");
        }
        else
        {
            info.FileName = file;
        }

        if (memoryLimit is not null)
        {
            info.ArgumentList.Add(file);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(process, cgroup);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Peak memory and how often the limit was hit, from the memory group (null without one).</summary>
    public (double PeakMiB, long Failures)? MemoryGroupUsage() => _cgroup is null
        ? null
        : (long.Parse(File.ReadAllText(Path.Combine(_cgroup, "memory.max_usage_in_bytes")).Trim(), CultureInfo.InvariantCulture) / 1048576.0,
            long.Parse(File.ReadAllText(Path.Combine(_cgroup, "memory.failcnt")).Trim(), CultureInfo.InvariantCulture));

    public int CountLines(string contains)
    {
        lock (_lock)
        {
            return _lines.Count(l => l.Contains(contains, StringComparison.Ordinal));
        }
    }

    public async Task WaitForLinesAsync(string contains, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (CountLines(contains) < count)
        {
            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"no {count} lines with '{contains}' (exited: {_process.HasExited}); last output:\n{Tail()}");
            }

            await Task.Delay(20);
        }
    }

    public string Tail()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines.TakeLast(20));
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit by itself (e.g. after a signal); false when it has not within the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        if (_cgroup is not null)
        {
            Directory.Delete(_cgroup);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}
