using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>
/// A real DNS server on loopback: Debian's dnsmasq, authoritative for nothing but the records given (every other
/// name is NXDOMAIN, nothing is forwarded), on a free port. One per test; started in milliseconds.
/// </summary>
internal sealed class Dnsmasq : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dnsmasq";

    private readonly ManagedProcess process;
    private readonly string directory;

    private Dnsmasq(ManagedProcess process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value of <c>--dns-server</c>.</summary>
    public string Server => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Host records (name → 127.0.0.1), and raw dnsmasq options such as <c>--srv-host=...</c> and <c>--mx-host=...</c>.</summary>
    public static async Task<Dnsmasq> StartAsync(IEnumerable<string> loopbackHosts, params string[] records)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: hack/prerequisites.sh installs dnsmasq-base");
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("dnsmasq-").FullName;
            var port = FreePort();
            string[] arguments =
            [
                "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--pid-file",
                "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={port}", "--local=/#/", "--log-queries", "--log-facility=-",
                .. loopbackHosts.Select(h => $"--host-record={h},127.0.0.1"),
                .. records,
            ];
            var process = ManagedProcess.Start("dnsmasq", Binary, arguments, directory);
            var server = new Dnsmasq(process, directory, port);
            if (await server.AnswersAsync())
            {
                return server;
            }

            var log = File.Exists(process.LogPath) ? await File.ReadAllTextAsync(process.LogPath) : "";
            await server.DisposeAsync();
            if (attempt == 3)
            {
                Assert.Fail($"dnsmasq did not start:\n{log}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync(TimeSpan.FromSeconds(5));
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<bool> AnswersAsync()
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, Port)) { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, UseCache = false, ThrowDnsErrors = false });
        for (var i = 0; i < 50 && !process.HasExited; i++)
        {
            try
            {
                await client.QueryAsync("ready.invalid", QueryType.A);
                return true;
            }
            catch (Exception e) when (e is DnsResponseException or SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    /// <summary>A port free for both UDP and TCP (dnsmasq listens on both) at the moment of asking.</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: ask again.
            }
        }
    }
}
