using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// A child process whose stdout and stderr go to <c>DIR/NAME.log</c> and whose id is in <c>DIR/NAME.pid</c>
/// (so a watchdog can stop it if the test host dies). It is stopped by its own id: SIGTERM, a grace period, SIGKILL.
/// </summary>
internal sealed class ManagedProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();
    private readonly string pidPath;
    private bool logClosed;

    private ManagedProcess(string name, Process process, string logPath, string pidPath)
    {
        Name = name;
        this.process = process;
        LogPath = logPath;
        this.pidPath = pidPath;
        log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the process; <paramref name="environment"/> sets variables (a null value removes one) on top of the test process's.</summary>
    public static ManagedProcess Start(
        string name, string fileName, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var managed = new ManagedProcess(
            name,
            new Process { StartInfo = info },
            Path.Combine(directory, name + ".log"),
            Path.Combine(directory, name + ".pid"));
        managed.Append($"--- {DateTimeOffset.UtcNow:O} starting {fileName} {string.Join(' ', info.ArgumentList)}");
        managed.process.OutputDataReceived += (_, e) => managed.Append(e.Data);
        managed.process.ErrorDataReceived += (_, e) => managed.Append(e.Data);
        try
        {
            managed.process.Start();
        }
        catch (Exception e)
        {
            managed.Dispose();
            throw new InvalidOperationException($"could not start {name} ({fileName}): {e.Message}", e);
        }

        managed.process.BeginOutputReadLine();
        managed.process.BeginErrorReadLine();
        File.WriteAllText(managed.pidPath, managed.Id.ToString(CultureInfo.InvariantCulture));
        return managed;
    }

    /// <summary>Sends SIGTERM and returns at once.</summary>
    public void RequestStop()
    {
        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, SigTerm);
        }
    }

    /// <summary>SIGTERM, then SIGKILL once <paramref name="gracePeriod"/> has passed.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (!process.HasExited)
        {
            RequestStop();
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        File.Delete(pidPath);
    }

    /// <summary>The blocking form of <see cref="StopAsync"/>, for the process-exit handler.</summary>
    public void Stop(TimeSpan gracePeriod)
    {
        if (!process.HasExited)
        {
            RequestStop();
            if (!process.WaitForExit(gracePeriod))
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        File.Delete(pidPath);
    }

    public string ReadLogTail(int lines)
    {
        if (process.HasExited)
        {
            // Exit can be seen before the last output lines are read; this overload waits for the end of both streams.
            process.WaitForExit();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.TakeLast(lines));
    }

    public void Dispose()
    {
        lock (logLock)
        {
            logClosed = true;
            log.Dispose();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}
