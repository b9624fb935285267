using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailServerOperator.Certificates;

/// <summary>
/// What the replicas share through two Secrets: the CA Secret holds the current CA (with its key) and the CA it replaced
/// (until that one expires, so that a serving certificate it signed still verifies); the serving Secret holds the serving
/// certificate (with its key) and the CA bundle, never a CA's key. Every replica reads the serving Secret; only the
/// leader reads the CA Secret and writes either.
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

    /// <summary>The CA Secret's data: the CA with its key, and the bundle of it and the CA it replaced.</summary>
    public Dictionary<string, byte[]> ToAuthoritySecretData() => new(StringComparer.Ordinal)
    {
        [AuthorityCertificateKey] = Pem(Authority.ExportCertificatePem()),
        [AuthorityPrivateKeyKey] = Pem(PrivateKeyPem(Authority)),
        [CaBundleKey] = CaBundle,
    };

    /// <summary>
    /// The serving Secret's data (type kubernetes.io/tls, so tls.crt and tls.key are where every tool expects them, and
    /// ca.crt the bundle that verifies them, as cert-manager writes it). No CA key.
    /// </summary>
    public Dictionary<string, byte[]> ToServingSecretData() => new(StringComparer.Ordinal)
    {
        [AuthorityCertificateKey] = CaBundle,
        [ServingCertificateKey] = Pem(Serving.ExportCertificatePem()),
        [ServingPrivateKeyKey] = Pem(PrivateKeyPem(Serving)),
    };

    /// <summary>Whether a serving Secret still holds a CA key (the single-Secret layout of earlier versions).</summary>
    public static bool HoldsAuthorityKey(IReadOnlyDictionary<string, byte[]>? servingData) =>
        servingData?.ContainsKey(AuthorityPrivateKeyKey) == true;

    /// <summary>The serving certificate with its key, as every replica reads it; null, with the reason, when unreadable.</summary>
    public static X509Certificate2? ServingFrom(IReadOnlyDictionary<string, byte[]>? servingData, out string? problem)
    {
        problem = Missing(servingData, ServingCertificateKey, ServingPrivateKeyKey);
        if (problem is not null)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(Text(servingData![ServingCertificateKey]), Text(servingData[ServingPrivateKeyKey]));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problem = $"the serving certificate cannot be read ({ex.GetType().Name}: {ex.Message})";
            return null;
        }
    }

    /// <summary>
    /// Reads both Secrets' data; null, with the reason, when any part is missing or unreadable. A CA Secret that does not
    /// exist yet is looked for in the serving Secret, where earlier versions kept it, so an upgrade keeps its CA.
    /// </summary>
    public static WebhookCertificates? FromSecretData(IReadOnlyDictionary<string, byte[]>? authorityData, IReadOnlyDictionary<string, byte[]>? servingData, out string? problem)
    {
        var authoritySource = authorityData ?? (HoldsAuthorityKey(servingData) ? servingData : null);
        problem = authoritySource is null ? "there is no CA Secret" : Missing(authoritySource, AuthorityCertificateKey, AuthorityPrivateKeyKey);
        problem ??= Missing(servingData, ServingCertificateKey, ServingPrivateKeyKey);
        if (problem is not null)
        {
            return null;
        }

        try
        {
            var authority = X509Certificate2.CreateFromPem(Text(authoritySource![AuthorityCertificateKey]), Text(authoritySource[AuthorityPrivateKeyKey]));
            var serving = X509Certificate2.CreateFromPem(Text(servingData![ServingCertificateKey]), Text(servingData[ServingPrivateKeyKey]));
            X509Certificate2? previous = null;
            if (authoritySource.TryGetValue(CaBundleKey, out var bundle))
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

    private static string? Missing(IReadOnlyDictionary<string, byte[]>? data, params string[] keys) =>
        data is null ? "the Secret has no data"
        : keys.FirstOrDefault(key => !data.ContainsKey(key)) is { } missing ? $"the Secret has no {missing}"
        : null;

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA private key")).ExportPkcs8PrivateKeyPem();

    private static byte[] Pem(string pem) => Encoding.ASCII.GetBytes(pem + "\n");

    private static string Text(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
