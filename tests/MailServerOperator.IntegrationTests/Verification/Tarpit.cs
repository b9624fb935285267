using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>A silent server on loopback: accepts every connection and never says a word, so a probe waits for its timeout.</summary>
internal sealed class Tarpit : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Socket> _held = new();
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public Tarpit()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _held)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _held.Enqueue(await _listener.AcceptSocketAsync(_stop.Token));
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
