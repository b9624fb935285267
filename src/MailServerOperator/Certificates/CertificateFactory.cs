using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Certificates;

/// <summary>Creates the webhook's own CA and the serving certificates it signs (ECDSA P-256, SHA-256).</summary>
internal static class CertificateFactory
{
    public static X509Certificate2 CreateAuthority(DateTimeOffset now, WebhookCertificateOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // A subject of its own for each CA, so that the old and the new one in a caBundle tell apart in openssl's output.
        var subject = new X500DistinguishedName(
            $"CN=mailserver-operator-webhook-ca-{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}, O=mailshare.io");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var notBefore = now - options.ClockSkew;
        return request.CreateSelfSigned(notBefore, notBefore + options.AuthorityLifetime);
    }

    /// <summary>A serving certificate signed by <paramref name="authority"/>; it never outlives the authority.</summary>
    public static X509Certificate2 IssueServing(X509Certificate2 authority, ServingNames names, DateTimeOffset now, WebhookCertificateOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={names.DnsNames[0]}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in names.DnsNames)
        {
            alternativeNames.AddDnsName(dnsName);
        }

        foreach (var address in names.IpAddresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(alternativeNames.Build(critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var notBefore = now - options.ClockSkew;
        var notAfter = Min(notBefore + options.ServingLifetime, NotAfter(authority));
        using var certificate = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>Whether <paramref name="authority"/> signed <paramref name="certificate"/> (validity dates aside).</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }

    /// <summary>The moment from which a certificate is due for replacement.</summary>
    public static DateTimeOffset RenewalTime(X509Certificate2 certificate, WebhookCertificateOptions options)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return notBefore + ((notAfter - notBefore) * options.RenewalFraction);
    }

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
