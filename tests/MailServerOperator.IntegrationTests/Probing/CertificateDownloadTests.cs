using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// A hostile certificate's Authority Information Access URL must not make the probe fetch anything: the chain is
/// built from what the server sent and the trusted authorities only.
/// </summary>
public sealed class CertificateDownloadTests
{
    [Fact]
    internal async Task Probe_IntermediateOnlyAtTheAiaUrl_CertificateInvalidAndNothingDownloaded()
    {
        await using var web = await CountingWebServer.StartAsync();
        using var root = TestCertificates.CreateAuthority("CN=Probe Root CA");
        using var intermediate = TestCertificates.CreateAuthority("CN=Probe Intermediate CA", issuer: root);
        web.Body = intermediate.RawData;
        using var leaf = TestCertificates.CreateServer(intermediate, new Uri($"http://127.0.0.1:{web.Port}/intermediate.cer"), "127.0.0.1");
        await using var server = await TlsGreeter.StartAsync(leaf, "+OK ready\r\n");
        var prober = new MailServerProber(new ProbeOptions { Timeout = TimeSpan.FromSeconds(10), ExtraTrustedCertificates = [root] }, TimeProvider.System);

        var result = await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, "127.0.0.1", server.Port, ProbeTlsMode.Implicit), null, CancellationToken.None);
        await web.RequestControlAsync();

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.Contains("the server may not send its intermediate certificates (the probe does not download them)", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, web.Requests); // the control request only
    }

    /// <summary>Implicit TLS with exactly the leaf certificate (an offline context: the server itself fetches nothing), then a greeting.</summary>
    private sealed class TlsGreeter : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stopping = new();
        private readonly Task serving;

        private TlsGreeter(X509Certificate2 certificate, string greeting)
        {
            listener.Start();
            var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
            serving = ServeAsync(context, greeting);
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public static Task<TlsGreeter> StartAsync(X509Certificate2 certificate, string greeting) => Task.FromResult(new TlsGreeter(certificate, greeting));

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            await serving; // before Stop: a loop that accepts again on a stopped listener would throw "Not listening"
            listener.Stop();
            stopping.Dispose();
        }

        private async Task ServeAsync(SslStreamCertificateContext context, string greeting)
        {
            try
            {
                while (true)
                {
                    using var socket = await listener.AcceptSocketAsync(stopping.Token);
                    await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
                    try
                    {
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, stopping.Token);
                        await tls.WriteAsync(Encoding.ASCII.GetBytes(greeting), stopping.Token);
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                    {
                        // The probe rejected the certificate.
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>An HTTP server that counts requests and answers each with <see cref="Body"/>.</summary>
    private sealed class CountingWebServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stopping = new();
        private readonly Task serving;
        private int requests;

        private CountingWebServer()
        {
            listener.Start();
            serving = ServeAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public byte[] Body { get; set; } = [];

        public int Requests => Volatile.Read(ref requests);

        public static Task<CountingWebServer> StartAsync() => Task.FromResult(new CountingWebServer());

        /// <summary>A request of our own, answered after any earlier one: once it is counted, an earlier download would be too.</summary>
        public async Task RequestControlAsync()
        {
            using var client = new HttpClient();
            await client.GetByteArrayAsync(new Uri($"http://127.0.0.1:{Port}/control"));
        }

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            await serving; // before Stop: a loop that accepts again on a stopped listener would throw "Not listening"
            listener.Stop();
            stopping.Dispose();
        }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var socket = await listener.AcceptSocketAsync(stopping.Token);
                    await using var stream = new NetworkStream(socket, ownsSocket: false);
                    using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                    while (await reader.ReadLineAsync(stopping.Token) is { Length: > 0 })
                    {
                    }

                    Interlocked.Increment(ref requests);
                    var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, stopping.Token);
                    await stream.WriteAsync(Body, stopping.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
            }
        }
    }
}
