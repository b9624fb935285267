using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// The built <c>mailserver-operator</c> executable in a process of its own, as a pod runs it, so a test can SIGKILL,
/// SIGSTOP and SIGCONT it. Output lines are kept with the time they arrived; its id is written to
/// <c>DIR/NAME.pid</c> so the control plane's watchdog stops it if the test host dies; dispose kills it by id.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    private readonly Process _process;
    private readonly string _pidPath;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _stdout = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _stderr = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OperatorProcess(string identity, Process process, string pidPath, Uri? health)
    {
        Identity = identity;
        _process = process;
        _pidPath = pidPath;
        Health = health;
    }

    public string Identity { get; }

    public int Id => _process.Id;

    /// <summary>Where /healthz, /readyz and /metrics are served, when started by <see cref="StartRun"/>.</summary>
    public Uri? Health { get; }

    public IReadOnlyList<(DateTimeOffset At, string Line)> Stdout => [.. _stdout];

    public IReadOnlyList<(DateTimeOffset At, string Line)> Stderr => [.. _stderr];

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "mailserver-operator");

    /// <summary>Starts <c>mailserver-operator ARGS</c> with POD_NAME=<paramref name="identity"/> and single-line, timestamped logs.</summary>
    public static OperatorProcess Start(string identity, IEnumerable<string> arguments, string pidDirectory, Uri? health = null)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                ["POD_NAME"] = identity,
                ["KUBECONFIG"] = null,
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
                ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            },
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var started = new OperatorProcess(identity, process, Path.Combine(pidDirectory, $"operator-{identity}.pid"), health);
        process.OutputDataReceived += (_, e) => Receive(started._stdout, started._outputClosed, e.Data);
        process.ErrorDataReceived += (_, e) => Receive(started._stderr, started._errorClosed, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(started._pidPath, process.Id.ToString(CultureInfo.InvariantCulture));
        return started;
    }

    /// <summary><c>run</c> for one namespace without webhook or probes, serving health on a free loopback port.</summary>
    public static OperatorProcess StartRun(string identity, string kubeconfig, string pidDirectory, params string[] more)
    {
        var health = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        return Start(
            identity,
            ["run", "--kubeconfig", kubeconfig, "--disable-webhook", "--disable-verification", "--health-probe-bind-address", health.ToString().TrimEnd('/'), .. more],
            pidDirectory,
            health);
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited && SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the exit and for the end of both streams; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>The first output line (stdout) that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<(DateTimeOffset At, string Line)> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in _stdout)
            {
                if (match(line.Line))
                {
                    return line;
                }
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Identity}: no output line {what} within {timeout.TotalSeconds:0} s; last lines:\n{string.Join('\n', _stdout.TakeLast(20).Select(l => l.Line))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The body of /readyz ("ok: leading", "ok: standing by"), or null when it does not answer 200.</summary>
    public async Task<string?> ReadyzAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(Health!, "/readyz"));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(Health!, "/metrics"));
    }

    /// <summary>The last output lines, for a failing test's message.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _stdout.TakeLast(lines).Select(l => l.Line));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, SigCont);
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        File.Delete(_pidPath);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static void Receive(ConcurrentQueue<(DateTimeOffset, string)> lines, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            lines.Enqueue((DateTimeOffset.UtcNow, line));
        }
    }
}
