using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// A small TCP server on 127.0.0.1 for what real mail servers will not do (never greet, talk nonsense, lack UIDL…).
/// Each connection runs the given conversation, over TLS from the first byte when a certificate is given.
/// A conversation that fails for any other reason than the client hanging up (a bug in the fake, not a verdict on the
/// probe) fails the test when the server is disposed.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<FakeConnection, CancellationToken, Task> conversation;
    private readonly X509Certificate2? certificate;
    private readonly List<Task> connections = [];
    private readonly List<Exception> failures = [];
    private readonly Task acceptLoop;

    private FakeServer(Func<FakeConnection, CancellationToken, Task> conversation, X509Certificate2? certificate)
    {
        this.conversation = conversation;
        this.certificate = certificate;
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Host => ((IPEndPoint)listener.LocalEndpoint).Address.ToString();

    public static FakeServer Start(Func<FakeConnection, CancellationToken, Task> conversation, X509Certificate2? certificate = null) =>
        new(conversation, certificate);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await acceptLoop; // before Stop: an accept on a stopped listener throws "Not listening" rather than cancelled
        listener.Stop();
        Task[] running;
        lock (connections)
        {
            running = [.. connections];
        }

        await Task.WhenAll(running);
        stopping.Dispose();
        lock (failures)
        {
            if (failures.Count > 0)
            {
                throw new AggregateException($"a fake server conversation failed ({failures.Count} of {running.Length} connections)", failures);
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (connections)
            {
                connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
                stream = tls;
            }

            await using (stream)
            {
                using var connection = new FakeConnection(socket, stream);
                await conversation(connection, stopping.Token);
            }
        }
        catch (Exception e) when (IsHangUp(e) || (e is OperationCanceledException && stopping.IsCancellationRequested))
        {
            // The probe hung up, rejected the certificate, or the server is stopping: a fake server has nothing to report.
        }
        catch (Exception e)
        {
            lock (failures)
            {
                failures.Add(e);
            }
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>How a connection ends when the client closes, resets or refuses the handshake at any point.</summary>
    private static bool IsHangUp(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException;
}
