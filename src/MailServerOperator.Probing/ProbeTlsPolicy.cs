using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>
/// The TLS of every probe: TLS 1.2 or 1.3 only, and a chain built without any network use. SslStream builds the
/// server's chain inside the handshake, where no cancellation reaches it, and a hostile certificate could point it at
/// any URL: so no revocation check (an online CRL/OCSP fetch) and no download of missing intermediates (AIA). A server
/// must send its intermediates, as RFC 8446 and every mail server configuration guide require.
/// </summary>
internal static class ProbeTlsPolicy
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static SslClientAuthenticationOptions Bound(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.ApplicationPolicy.Add(ServerAuthentication);
        options.EnabledSslProtocols = Protocols;
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        options.CertificateChainPolicy = policy;
        return options;
    }
}
