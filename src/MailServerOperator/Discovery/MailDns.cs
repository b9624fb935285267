using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace MailServerOperator.Discovery;

/// <summary>
/// The DNS of one discovery, through DnsClient: the system's resolvers or the one <c>--dns-server</c> names, no cache,
/// every query bounded. The probes and the autoconfig downloads resolve host names here too, so a discovery sees one
/// DNS. Lookups never throw for DNS trouble: a failed lookup is an empty answer and a diagnostic.
/// </summary>
internal sealed class MailDns
{
    private readonly LookupClient client;
    private readonly Action<string> diagnostic;

    public MailDns(IPEndPoint? server, TimeSpan queryTimeout, Action<string> diagnostic)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(new NameServer(server));
        options.UseCache = false;
        options.Timeout = queryTimeout;
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.UseTcpFallback = true;
        options.ContinueOnDnsError = false;
        client = new LookupClient(options);
        this.diagnostic = diagnostic;
    }

    public async Task<IReadOnlyList<SrvRecord>?> SrvAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync(name, QueryType.SRV, cancellationToken))?.Answers.SrvRecords().ToList();

    public async Task<IReadOnlyList<MxRecord>> MxAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync(name, QueryType.MX, cancellationToken))?.Answers.MxRecords().OrderBy(r => r.Preference).ToList() ?? [];

    /// <summary>A and AAAA addresses (IPv4 first); an IP literal is its own address; none when the name does not resolve.</summary>
    public async Task<IPAddress[]> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var v4 = QueryAsync(host, QueryType.A, cancellationToken, quiet: true);
        var v6 = QueryAsync(host, QueryType.AAAA, cancellationToken, quiet: true);
        return
        [
            .. (await v4)?.Answers.ARecords().Select(r => r.Address) ?? [],
            .. (await v6)?.Answers.AaaaRecords().Select(r => r.Address) ?? [],
        ];
    }

    /// <summary>For the probes: addresses, or the SocketException that the probe reports as a DNS failure.</summary>
    public async Task<IPAddress[]> ResolveForProbeAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await AddressesAsync(host, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The response, or null when the query failed (timed out, server failure); NXDOMAIN is an empty response.</summary>
    private async Task<IDnsQueryResponse?> QueryAsync(string name, QueryType type, CancellationToken cancellationToken, bool quiet = false)
    {
        try
        {
            var response = await client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            {
                cancellationToken.ThrowIfCancellationRequested(); // cut short by the caller's deadline, not a DNS failure
                Report($"DNS {type} {name}: {response.ErrorMessage}", quiet);
                return null;
            }

            return response;
        }
        catch (DnsResponseException e)
        {
            cancellationToken.ThrowIfCancellationRequested(); // cut short by the caller's deadline, not a DNS failure
            Report($"DNS {type} {name}: {e.Code} ({e.Message.TrimEnd('.')})", quiet);
            return null;
        }
        catch (SocketException e)
        {
            cancellationToken.ThrowIfCancellationRequested(); // cut short by the caller's deadline, not a DNS failure
            Report($"DNS {type} {name}: {e.SocketErrorCode}", quiet);
            return null;
        }
    }

    private void Report(string message, bool quiet)
    {
        if (!quiet)
        {
            diagnostic(message);
        }
    }

    /// <summary>Parses <c>--dns-server HOST[:PORT]</c>: an IPv4 or [IPv6] address or a host name (resolved by the system), port 53 by default.</summary>
    public static bool TryParseServer(string text, out IPEndPoint? endPoint, out string error)
    {
        endPoint = null;
        error = string.Empty;
        if (IPEndPoint.TryParse(text, out var parsed))
        {
            endPoint = new IPEndPoint(parsed.Address, parsed.Port == 0 ? 53 : parsed.Port);
            return true;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : text;
        var port = 53;
        if ((colon > 0 && (!int.TryParse(text[(colon + 1)..], out port) || port is < 1 or > 65535)) || host.Length == 0)
        {
            error = $"--dns-server: '{MailAddress.Printable(text)}' is not HOST[:PORT]";
            return false;
        }

        try
        {
            var address = Dns.GetHostAddresses(host).FirstOrDefault();
            if (address is null)
            {
                error = $"--dns-server: {MailAddress.Printable(host)} has no address";
                return false;
            }

            endPoint = new IPEndPoint(address, port);
            return true;
        }
        catch (SocketException e)
        {
            error = $"--dns-server: {MailAddress.Printable(host)} does not resolve ({e.SocketErrorCode})";
            return false;
        }
        catch (ArgumentException)
        {
            error = $"--dns-server: '{MailAddress.Printable(text)}' is not HOST[:PORT]";
            return false;
        }
    }
}
