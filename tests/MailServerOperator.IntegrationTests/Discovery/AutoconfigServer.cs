using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>
/// A small HTTP and HTTPS server on loopback for autoconfig documents, good ones and hostile ones (huge, slow,
/// silent, redirecting), answering by scheme, Host header and path. Every request is recorded.
/// </summary>
internal sealed class AutoconfigServer : IAsyncDisposable
{
    private readonly TcpListener http = new(IPAddress.Loopback, 0);
    private readonly TcpListener https = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly Func<Uri, HttpReply> reply;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];

    public AutoconfigServer(X509Certificate2 certificate, Func<Uri, HttpReply> reply)
    {
        this.certificate = certificate;
        this.reply = reply;
        http.Start();
        https.Start();
        loops.Add(AcceptAsync(http, tls: false));
        loops.Add(AcceptAsync(https, tls: true));
    }

    public int HttpPort => ((IPEndPoint)http.LocalEndpoint).Port;

    public int HttpsPort => ((IPEndPoint)https.LocalEndpoint).Port;

    /// <summary>"https://host/path?query" for every request received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        http.Stop();
        https.Stop();
        await Task.WhenAll(loops);
        stopping.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, bool tls)
    {
        var connections = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                connections.Add(ServeAsync(client, tls));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client, bool tls)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (tls)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
                    stream = ssl;
                }

                await using (stream)
                {
                    var (host, target) = await ReadRequestAsync(stream);
                    var url = $"{(tls ? "https" : "http")}://{host}{target}";
                    Requests.Enqueue(url);
                    await WriteAsync(stream, reply(new Uri(url)));
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away (as discover does when its bound is reached) or the server is stopping.
            }
        }
    }

    private async Task<(string Host, string Target)> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
        {
            if (await stream.ReadAsync(buffer, stopping.Token) == 0)
            {
                throw new IOException("closed");
            }

            head.Append((char)buffer[0]);
        }

        var lines = head.ToString().Split("\r\n");
        var target = lines[0].Split(' ')[1];
        var host = lines.FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))?[5..].Trim() ?? "";
        return (host.Split(':')[0], target);
    }

    private async Task WriteAsync(Stream stream, HttpReply answer)
    {
        if (answer.Mode == HttpReplyMode.Silent)
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }

        var body = answer.BodyBytes;
        var headers = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} Test\r\nContent-Type: application/xml\r\nConnection: close\r\n");
        if (answer.Location is { } location)
        {
            headers.Append(CultureInfo.InvariantCulture, $"Location: {location}\r\n");
        }

        if (answer.Mode != HttpReplyMode.Endless)
        {
            headers.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers.Append("\r\n").ToString()), stopping.Token);
        switch (answer.Mode)
        {
            case HttpReplyMode.Slow:
                foreach (var b in body)
                {
                    await stream.WriteAsync(new[] { b }, stopping.Token);
                    await Task.Delay(200, stopping.Token);
                }

                break;
            case HttpReplyMode.Endless:
                var chunk = Encoding.ASCII.GetBytes("<clientConfig>" + new string(' ', 65536));
                while (!stopping.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk, stopping.Token);
                }

                break;
            default:
                await stream.WriteAsync(body, stopping.Token);
                break;
        }
    }
}
