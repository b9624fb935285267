using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// Starts real Dovecot (with and without APOP, and without TLS) and Exim on loopback from the project's hack/mailservers scripts, once
/// per test run, in a temporary directory, and stops them by PID at the end. A missing binary fails the tests (the
/// scripts install the Debian packages when they run as root, as on CI).
/// </summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private readonly List<string> pidFiles = [];

    internal MailServerTestEnvironment Environment { get; } = MailServerTestEnvironment.Load();

    internal string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mailservers-").FullName;

    internal string DovecotDirectory => Path.Combine(Directory, "dovecot");

    internal string DovecotNoApopDirectory => Path.Combine(Directory, "dovecot-noapop");

    internal string DovecotNoTlsDirectory => Path.Combine(Directory, "dovecot-notls");

    internal string EximDirectory => Path.Combine(Directory, "exim");

    internal X509Certificate2Collection ServerCertificates { get; } = [];

    public async Task InitializeAsync()
    {
        // Dovecot's mail users and Debian-exim must be able to reach their directories.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        pidFiles.AddRange([
            Path.Combine(DovecotDirectory, "dovecot.pid"),
            Path.Combine(DovecotNoApopDirectory, "dovecot.pid"),
            Path.Combine(DovecotNoTlsDirectory, "dovecot.pid"),
            Path.Combine(EximDirectory, "exim.pid"),
        ]);
        try
        {
            await RunScriptAsync("start-dovecot.sh", DovecotDirectory, "apop");
            await RunScriptAsync("start-dovecot.sh", DovecotNoApopDirectory, "noapop");
            await RunScriptAsync("start-dovecot.sh", DovecotNoTlsDirectory, "notls");
            await RunScriptAsync("start-exim.sh", EximDirectory);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        foreach (var certificate in new[] { "dovecot/certs/server.crt", "dovecot-noapop/certs/server.crt", "exim/server.crt" })
        {
            ServerCertificates.Add(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Directory, certificate)));
        }
    }

    public async Task DisposeAsync()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        try
        {
            await RunScriptAsync("stop.sh", [.. pidFiles]);
        }
        finally
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>A prober that trusts the test servers' self-signed certificates (as an extra CA bundle).</summary>
    /// <param name="timeout">The probe's overall deadline (15 s).</param>
    /// <param name="localDomain">The EHLO name (MailKit's choice when null); a unique one marks a probe's lines in Exim's log.</param>
    internal MailServerProber CreateProber(TimeSpan? timeout = null, string? localDomain = null) =>
        new(new ProbeOptions { Timeout = timeout ?? TimeSpan.FromSeconds(15), ExtraTrustedCertificates = ServerCertificates, LocalDomain = localDomain }, TimeProvider.System);

    internal string ReadDovecotLog() => ReadShared(Path.Combine(DovecotDirectory, "dovecot.log"));

    internal string ReadDovecotNoTlsLog() => ReadShared(Path.Combine(DovecotNoTlsDirectory, "dovecot.log"));

    internal string ReadEximLog() => ReadShared(Path.Combine(EximDirectory, "log", "mainlog"));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task RunScriptAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Environment.ScriptsDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }
    }
}
