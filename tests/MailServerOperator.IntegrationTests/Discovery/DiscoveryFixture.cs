using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.IntegrationTests.Probing;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>
/// A real Dovecot (POP3, IMAP4, submission; from hack/mailservers, as the suite's other servers) whose certificate,
/// issued by a test CA, names every host the discovery tests resolve through their loopback DNS. Its ports are the
/// suite's shifted by <see cref="PortShift"/> more, so it runs beside the suite's own servers. The suite's servers
/// cannot serve here: a discovered name must match the certificate, and theirs name only localhost.
/// </summary>
public sealed class DiscoveryFixture : IAsyncLifetime
{
    /// <summary>The test domains: each d and *.d are in the certificate (fastmail.com stands in for the catalog), and localhost.</summary>
    public static readonly string[] Domains =
        ["srv.test", "auto.test", "wellknown.test", "guess.test", "prec.test", "srvprec.test", "hostile.test", "plain.test", "uidl.test", "provider.test", "mxonly.test", "creds.test", "ready.test", "dot.test", "fastmail.com"];

    private const int PortShift = 500;

    private readonly string directory = Directory.CreateTempSubdirectory("discovery-").FullName;

    internal MailServerTestEnvironment Environment { get; } = MailServerTestEnvironment.Load();

    internal X509Certificate2 Authority { get; } = TestCertificates.CreateAuthority("CN=Discovery Test CA");

    internal X509Certificate2 Certificate { get; private set; } = null!;

    internal string CaBundlePath => Path.Combine(directory, "ca.pem");

    internal int Pop3 => Port("DOVECOT_POP3_PORT");

    internal int Pop3s => Port("DOVECOT_POP3S_PORT");

    internal int Imap => Port("DOVECOT_IMAP_PORT");

    internal int Imaps => Port("DOVECOT_IMAPS_PORT");

    internal int Submission => Port("DOVECOT_SUBMISSION_PORT");

    internal int Submissions => Port("DOVECOT_SUBMISSIONS_PORT");

    /// <summary>The standard mail ports mapped to this Dovecot's (the hidden --port-map).</summary>
    internal string MailPortMap => string.Create(CultureInfo.InvariantCulture, $"110={Pop3},995={Pop3s},143={Imap},993={Imaps},587={Submission},465={Submissions}");

    private string DovecotDirectory => Path.Combine(directory, "dovecot");

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var now = DateTimeOffset.UtcNow;
        Certificate = TestCertificates.CreateServer(Authority, now.AddDays(-1), now.AddDays(30), ["localhost", .. Domains.SelectMany(d => new[] { d, "*." + d })]);
        await File.WriteAllTextAsync(CaBundlePath, Authority.ExportCertificatePem() + "\n");
        Directory.CreateDirectory(Path.Combine(DovecotDirectory, "certs"));
        await File.WriteAllTextAsync(Path.Combine(DovecotDirectory, "certs", "server.crt"), Certificate.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(DovecotDirectory, "certs", "server.key"), Certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        var result = await ExternalCommand.RunAsync(
            "bash",
            [Path.Combine(Environment.ScriptsDirectory, "start-dovecot.sh"), DovecotDirectory, "apop"],
            TimeSpan.FromMinutes(10),
            environment: new Dictionary<string, string?> { ["MAILTEST_PORT_OFFSET"] = (Offset + PortShift).ToString(CultureInfo.InvariantCulture) });
        Assert.True(result.ExitCode == 0, $"start-dovecot.sh failed:\n{result.StandardOutput}{result.StandardError}");
    }

    public async Task DisposeAsync()
    {
        await ExternalCommand.RunAsync("bash", [Path.Combine(Environment.ScriptsDirectory, "stop.sh"), Path.Combine(DovecotDirectory, "dovecot.pid")], TimeSpan.FromMinutes(1));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Runs <c>discover</c> in-process with the test CA trusted; stdout, stderr and how long it took.</summary>
    internal static async Task<DiscoverRun> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exit = await OperatorCommandLine.InvokeAsync(["discover", .. arguments], new InvocationConfiguration { Output = output, Error = error });
        return new DiscoverRun(exit, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>discover with the loopback DNS, the test CA and the port map (mail ports, plus an autoconfig server's).</summary>
    internal Task<DiscoverRun> DiscoverAsync(Dnsmasq dns, AutoconfigServer? web, params string[] arguments)
    {
        var map = MailPortMap + (web is null ? "" : string.Create(CultureInfo.InvariantCulture, $",443={web.HttpsPort},80={web.HttpPort}"));
        return RunAsync([.. arguments, "--dns-server", dns.Server, "--ca-bundle", CaBundlePath, "--port-map", map]);
    }

    private static int Offset =>
        int.TryParse(System.Environment.GetEnvironmentVariable("MAILTEST_PORT_OFFSET"), CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    private int Port(string key) => Environment.Port(key) + PortShift;
}
