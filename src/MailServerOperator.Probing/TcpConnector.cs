using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.Probing;

/// <summary>
/// Resolves the host and opens the TCP connection that MailKit then takes over. Done here rather than inside MailKit
/// so that a failure names its step (DNS, connect) and the connect has its own bounded timeout.
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

        session.Enter(ProbeStage.Connecting);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(connectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(addresses, session.Port, linked.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
