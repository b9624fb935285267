using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// Loopback ports for servers a test starts later (an operator's health and webhook endpoints, etcd, kube-apiserver).
/// Not port 0: the kernel hands out ports of its ephemeral range (32768-60999), and one released here could become the
/// local port of one of the run's many outgoing connections before the server binds it ("address already in use").
/// Handed out in turn from 24000-29999, so no two in this process coincide; hack/control-plane.sh picks from
/// 30000-32767, and the test mail servers (hack/mailservers) stay below 24000.
/// </summary>
internal static class LoopbackPorts
{
    private const int First = 24000;
    private const int Count = 6000;
    private static int s_next = Random.Shared.Next(Count);

    public static int Free()
    {
        for (var tries = 0; tries < Count; tries++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref s_next) % Count);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: the next one.
            }
        }

        throw new InvalidOperationException($"no free loopback port in {First}-{First + Count - 1}");
    }
}
