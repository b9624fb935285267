using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// A loopback TCP relay to the API server that a test can cut (every connection closed, new ones refused) and restore
/// on the same port: a network partition between one client and the control plane, the control plane itself untouched.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _target;
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpProxy(int target)
    {
        _target = target;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    public void Restore()
    {
        lock (_lock)
        {
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            var listener = _listener;
            _accepting = Task.Run(() => AcceptAsync(listener));
        }
    }

    public async Task CutAsync()
    {
        Task accepting;
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
            accepting = _accepting;
        }

        await accepting;
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // cut
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _target);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_lock)
            {
                _connections.Add(inbound);
                _connections.Add(outbound);
            }

            _ = RelayAsync(inbound, outbound);
        }
    }

    private static async Task RelayAsync(TcpClient inbound, TcpClient outbound)
    {
        try
        {
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }
}
