using System.Diagnostics;
using System.Runtime.Versioning;

namespace MailServerOperator.Tests.Hack;

/// <summary>
/// hack/prerequisites.sh, which the README's test command runs first, against stand-ins for dpkg, apt-get and id on a
/// PATH that holds nothing else: what it installs, and that it installs nothing when everything is there.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PrerequisitesScriptTests : IDisposable
{
    private static readonly string[] RealTools = ["bash", "env", "dirname", "mkdir", "grep", "cat"];

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Run_EverythingPresent_InstallsNothingAndSaysOk()
    {
        var (exitCode, output, aptCalls) = await RunAsync(missing: [], uid: 0);

        Assert.Equal(0, exitCode);
        Assert.Contains("prerequisites: ok", output, StringComparison.Ordinal);
        Assert.Empty(aptCalls);
    }

    [Fact]
    public async Task Run_OnePackageMissing_InstallsOnlyThatPackage()
    {
        var (exitCode, _, aptCalls) = await RunAsync(missing: ["lua5.1"], uid: 0);

        Assert.Equal(0, exitCode);
        var install = Assert.Single(aptCalls, call => call.StartsWith("install ", StringComparison.Ordinal));
        Assert.EndsWith(" lua5.1", install, StringComparison.Ordinal);
        Assert.Contains(aptCalls, call => call.StartsWith("update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_MissingWithoutRootOrSudo_FailsNamingThePackages()
    {
        var (exitCode, output, aptCalls) = await RunAsync(missing: ["exim4-daemon-light"], uid: 1000);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("missing exim4-daemon-light", output, StringComparison.Ordinal);
        Assert.Empty(aptCalls);
    }

    [Fact]
    public void TestScript_RunsPrerequisitesFirst()
    {
        // The README's one test command must work on a fresh machine: it installs before it builds.
        var script = File.ReadAllLines(Path.Join(RepositoryRoot.Path, "hack", "test.sh")).Where(line => !line.TrimStart().StartsWith('#')).ToList();
        var prerequisites = script.FindIndex(line => line.Contains("hack/prerequisites.sh", StringComparison.Ordinal));
        var build = script.FindIndex(line => line.Contains("dotnet build", StringComparison.Ordinal));
        Assert.InRange(prerequisites, 0, build - 1);
    }

    private async Task<(int ExitCode, string Output, IReadOnlyList<string> AptCalls)> RunAsync(string[] missing, int uid)
    {
        var bin = directory.Combine("bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in RealTools)
        {
            var real = new[] { "/usr/bin", "/bin" }.Select(dir => Path.Join(dir, tool)).First(File.Exists);
            File.CreateSymbolicLink(Path.Join(bin, tool), real);
        }

        var missingList = directory.Write("missing.txt", string.Join('\n', missing) + "\n");
        var aptLog = directory.Combine("apt.log");
        Shim(bin, "dpkg", $"[ \"$1\" = -s ] && ! grep -qx \"$2\" '{missingList}'");
        Shim(bin, "apt-get", $"echo \"$*\" >> '{aptLog}'");
        Shim(bin, "id", $"echo {uid}");
        Shim(bin, "kubectl", "exit 0");
        var assets = directory.Combine("assets");
        Directory.CreateDirectory(assets);
        Shim(assets, "kube-apiserver", "exit 0");
        Shim(assets, "etcd", "exit 0");

        var info = new ProcessStartInfo("/bin/bash")
        {
            ArgumentList = { Path.Join(RepositoryRoot.Path, "hack", "prerequisites.sh") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PATH"] = bin;
        info.Environment["KUBEBUILDER_ASSETS"] = assets;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var aptCalls = File.Exists(aptLog) ? File.ReadAllLines(aptLog) : [];
        return (process.ExitCode, await stdout + await stderr, aptCalls);
    }

    private static void Shim(string directory, string name, string body)
    {
        var path = Path.Join(directory, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
