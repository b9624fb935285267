using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.Probing;

/// <summary>
/// Resolves the host, checks its addresses against the <see cref="ProbeAddressPolicy"/> and opens the TCP connection
/// to a checked address, which MailKit then takes over. Done here rather than inside MailKit so that a failure names
/// its step (DNS, connect), the connect has its own bounded timeout, and no unchecked address is ever dialled.
/// </summary>
internal static class TcpConnector
{
    public static async Task<Socket> ConnectAsync(ProbeSession session, ProbeOptions options, TimeSpan connectTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        session.Enter(ProbeStage.Resolving);
        var addresses = IPAddress.TryParse(session.Host, out var literal)
            ? [literal]
            : await options.Resolver(session.Host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.NoData);
        }

        var allowed = Allowed(addresses, options.AddressPolicy);
        session.Enter(ProbeStage.Connecting);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(connectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(allowed, session.Port, linked.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress[] Allowed(IPAddress[] addresses, ProbeAddressPolicy policy)
    {
        var refusals = new List<string>();
        var allowed = new List<IPAddress>();
        foreach (var address in addresses)
        {
            if (policy.Refusal(address) is { } kind)
            {
                refusals.Add(kind);
            }
            else
            {
                allowed.Add(ProbeAddressPolicy.Normalize(address));
            }
        }

        return allowed.Count > 0 ? [.. allowed] : throw new AddressNotAllowedException([.. refusals.Distinct(StringComparer.Ordinal)]);
    }
}
