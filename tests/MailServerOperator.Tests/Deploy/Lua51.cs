using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MailServerOperator.Tests.Deploy;

/// <summary>Runs Lua source through the real <c>lua5.1</c> interpreter (Lua 5.1, the dialect of Argo CD's gopher-lua).</summary>
internal static class Lua51
{
    public const string Interpreter = "lua5.1";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The script's standard output. A Lua error throws <see cref="InvalidOperationException"/> with its message; a missing interpreter fails the test.</summary>
    public static async Task<string> RunAsync(string source, params string[] arguments)
    {
        using var directory = new TemporaryDirectory();
        var scriptPath = directory.Write("main.lua", source);
        var info = new ProcessStartInfo(Interpreter)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            ArgumentList = { scriptPath },
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            // A failure, never a skip: without the interpreter the health check is not tested.
            Assert.Fail($"{Interpreter} is required and was not found ({e.Message}): install it (Debian: apt-get install lua5.1, or run hack/prerequisites.sh)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"{Interpreter} did not finish within {Timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Interpreter} exited with {process.ExitCode}: {await stderr}");
            }

            return await stdout;
        }
    }
}
