using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailServerOperator.Certificates;

/// <summary>
/// What the replicas share through the Secret: the current CA (with its key), the CA it replaced (until that one expires,
/// so that a serving certificate it signed still verifies) and the serving certificate (with its key).
/// </summary>
internal sealed record WebhookCertificates(X509Certificate2 Authority, X509Certificate2? PreviousAuthority, X509Certificate2 Serving)
{
    public const string AuthorityCertificateKey = "ca.crt";
    public const string AuthorityPrivateKeyKey = "ca.key";
    public const string CaBundleKey = "ca-bundle.crt";
    public const string ServingCertificateKey = "tls.crt";
    public const string ServingPrivateKeyKey = "tls.key";

    public DateTimeOffset ServingExpiresAt => CertificateFactory.NotAfter(Serving);

    public DateTimeOffset AuthorityExpiresAt => CertificateFactory.NotAfter(Authority);

    /// <summary>Every CA the apiserver must trust, as PEM: what goes into the webhook configuration's caBundle.</summary>
    public byte[] CaBundle => Encoding.ASCII.GetBytes(
        PreviousAuthority is null ? Authority.ExportCertificatePem() + "\n" : Authority.ExportCertificatePem() + "\n" + PreviousAuthority.ExportCertificatePem() + "\n");

    /// <summary>The Secret's data (type kubernetes.io/tls, so tls.crt and tls.key are where every tool expects them).</summary>
    public Dictionary<string, byte[]> ToSecretData() => new(StringComparer.Ordinal)
    {
        [AuthorityCertificateKey] = Pem(Authority.ExportCertificatePem()),
        [AuthorityPrivateKeyKey] = Pem(PrivateKeyPem(Authority)),
        [CaBundleKey] = CaBundle,
        [ServingCertificateKey] = Pem(Serving.ExportCertificatePem()),
        [ServingPrivateKeyKey] = Pem(PrivateKeyPem(Serving)),
    };

    /// <summary>Reads the Secret's data; null, with the reason, when any part is missing or unreadable.</summary>
    public static WebhookCertificates? FromSecretData(IReadOnlyDictionary<string, byte[]>? data, out string? problem)
    {
        problem = null;
        if (data is null)
        {
            problem = "the Secret has no data";
            return null;
        }

        foreach (var key in new[] { AuthorityCertificateKey, AuthorityPrivateKeyKey, ServingCertificateKey, ServingPrivateKeyKey })
        {
            if (!data.ContainsKey(key))
            {
                problem = $"the Secret has no {key}";
                return null;
            }
        }

        try
        {
            var authority = X509Certificate2.CreateFromPem(Text(data[AuthorityCertificateKey]), Text(data[AuthorityPrivateKeyKey]));
            var serving = X509Certificate2.CreateFromPem(Text(data[ServingCertificateKey]), Text(data[ServingPrivateKeyKey]));
            X509Certificate2? previous = null;
            if (data.TryGetValue(CaBundleKey, out var bundle))
            {
                var all = new X509Certificate2Collection();
                all.ImportFromPem(Text(bundle));
                previous = all.FirstOrDefault(certificate => !certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span));
            }

            return new WebhookCertificates(authority, previous, serving);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // The exception names what could not be read, never the key material.
            problem = $"the Secret's certificates cannot be read ({ex.GetType().Name}: {ex.Message})";
            return null;
        }
    }

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA private key")).ExportPkcs8PrivateKeyPem();

    private static byte[] Pem(string pem) => Encoding.ASCII.GetBytes(pem + "\n");

    private static string Text(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
