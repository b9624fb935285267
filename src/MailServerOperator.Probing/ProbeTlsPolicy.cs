using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>
/// The chain policy of a probe's TLS handshake. SslStream builds the server's chain synchronously inside the handshake,
/// where no cancellation reaches it, so its network use is bounded here: no revocation check (an online CRL/OCSP fetch
/// is unbounded and fails in clusters without egress), and missing intermediates (AIA) are fetched within the
/// per-step timeout only.
/// </summary>
internal static class ProbeTlsPolicy
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static SslClientAuthenticationOptions Bound(SslClientAuthenticationOptions options, TimeSpan downloadTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            UrlRetrievalTimeout = downloadTimeout,
        };
        policy.ApplicationPolicy.Add(ServerAuthentication);
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        options.CertificateChainPolicy = policy;
        return options;
    }
}
