using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>Runs a program to completion (kubectl, a script, a published binary) with a deadline, capturing its output.</summary>
internal static class ExternalCommand
{
    /// <summary>
    /// Runs <paramref name="fileName"/> and waits for it (killing it after <paramref name="timeout"/>). The environment
    /// is the test process's, or with <paramref name="cleanEnvironment"/> only PATH, HOME and TMPDIR, plus
    /// <paramref name="environment"/> (where a null value removes a variable).
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool cleanEnvironment = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (cleanEnvironment)
        {
            var keep = new[] { "PATH", "HOME", "TMPDIR" };
            foreach (var key in info.Environment.Keys.Where(key => !keep.Contains(key, StringComparer.Ordinal)).ToList())
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var command = string.Join(' ', info.ArgumentList.Prepend(fileName));
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not start `{command}`: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(standardInput ?? "");
            process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds:0} s\n--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
            }

            return new CommandResult(command, process.ExitCode, await stdout, await stderr);
        }
    }
}
