using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// Downloads autoconfig documents from servers that may be hostile: each download bounded in time and size, no proxy,
/// no cookies, no decompression, TLS 1.2+ with the same certificate rules as the probes (system roots plus the CA
/// bundle, never skipped), redirects followed only on the same host and never from HTTPS to HTTP.
/// </summary>
internal sealed class AutoconfigFetcher : IDisposable
{
    /// <summary>Real documents are a few KiB (the largest in Thunderbird's ISPDB list many domains and stay far below this).</summary>
    public const int MaxDocumentBytes = 256 * 1024;

    private const int MaxRedirects = 3;

    private readonly HttpClient client;
    private readonly TimeSpan timeout;
    private readonly Dictionary<string, string> certificateProblems = new(StringComparer.OrdinalIgnoreCase);

    public AutoconfigFetcher(MailDns dns, PortMap ports, X509Certificate2Collection extraTrust, TimeSpan timeout, TimeProvider time)
    {
        this.timeout = timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 16,
            ConnectTimeout = timeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await dns.ResolveForProbeAsync(context.DnsEndPoint.Host, cancellationToken);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, ports[context.DnsEndPoint.Port], cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    var host = (sender as SslStream)?.TargetHostName ?? "";
                    var session = new ProbeSession(host, 443, "HTTPS", ProbeTlsMode.Implicit, time);
                    if (new ServerCertificateValidator(session, extraTrust, time).Validate(sender, certificate, chain, errors))
                    {
                        return true;
                    }

                    lock (certificateProblems)
                    {
                        certificateProblems[host] = session.CertificateProblem ?? "rejected";
                    }

                    return false;
                },
            },
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mailserver-operator-discover", "1"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/xml"));
    }

    /// <summary>The document at <paramref name="url"/>, parsed; a failure says why in a few words. Never throws but for <paramref name="cancellationToken"/>.</summary>
    public async Task<AutoconfigResult> FetchAsync(Uri url, string domain, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var current = url;
            for (var redirects = 0; ; redirects++)
            {
                using var response = await client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (IsRedirect(response.StatusCode))
                {
                    var next = response.Headers.Location is { } location ? new Uri(current, location) : null;
                    if (RedirectProblem(current, next, redirects) is { } problem)
                    {
                        return AutoconfigResult.Failed(problem);
                    }

                    current = next!;
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return AutoconfigResult.Failed($"HTTP {(int)response.StatusCode}");
                }

                if (response.Content.Headers.ContentLength > MaxDocumentBytes)
                {
                    return AutoconfigResult.Failed($"the document is larger than {MaxDocumentBytes / 1024} KiB ({response.Content.Headers.ContentLength} bytes); not read");
                }

                var body = await ReadBoundedAsync(response.Content, linked.Token);
                if (body is null)
                {
                    return AutoconfigResult.Failed($"the document is larger than {MaxDocumentBytes / 1024} KiB; not read");
                }

                return AutoconfigDocument.Parse(body, domain, AutoconfigLocations.Display(current));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AutoconfigResult.Failed($"no complete answer within {ProbeText.Duration(timeout)}");
        }
        catch (HttpRequestException e)
        {
            return AutoconfigResult.Failed(Describe(e, url.Host));
        }
        catch (IOException)
        {
            return AutoconfigResult.Failed("the connection broke");
        }
    }

    public void Dispose() => client.Dispose();

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string? RedirectProblem(Uri from, Uri? to, int redirects)
    {
        if (to is null || (to.Scheme != Uri.UriSchemeHttps && to.Scheme != Uri.UriSchemeHttp))
        {
            return "a redirect without a usable Location; not followed";
        }

        if (!string.Equals(to.IdnHost, from.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return $"a redirect to another host ({MailAddress.Printable(to.IdnHost)}); not followed: settings are taken only from the domain's own servers";
        }

        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp)
        {
            return "a redirect from HTTPS to plain HTTP; not followed";
        }

        return redirects >= MaxRedirects ? $"more than {MaxRedirects} redirects; not followed" : null;
    }

    /// <summary>The body, or null when it exceeds <see cref="MaxDocumentBytes"/> (read no further).</summary>
    private static async Task<MemoryStream?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private string Describe(HttpRequestException e, string host)
    {
        lock (certificateProblems)
        {
            if (certificateProblems.TryGetValue(host, out var problem))
            {
                return $"the TLS certificate was rejected: {problem}";
            }
        }

        return e.InnerException switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound } => "the host name does not resolve",
            SocketException socket => $"no connection ({socket.SocketErrorCode})",
            AuthenticationException => "the TLS handshake failed",
            _ => e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name does not resolve",
                HttpRequestError.ConnectionError => "no connection",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => "not a valid HTTP answer",
                _ => $"the request failed ({e.HttpRequestError})",
            },
        };
    }
}
