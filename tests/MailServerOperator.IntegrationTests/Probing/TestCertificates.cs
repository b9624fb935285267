using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Certificates made on the spot: a test CA and server certificates that are valid, expired or for another name.</summary>
internal static class TestCertificates
{
    /// <summary>A root (self-signed, valid a year either side of now) or, with an <paramref name="issuer"/>, an intermediate (six months).</summary>
    public static X509Certificate2 CreateAuthority(string subject = "CN=Probe Test CA", X509Certificate2? issuer = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return issuer is null
            ? Reload(request.CreateSelfSigned(now.AddYears(-1), now.AddYears(1)))
            : Issue(request, key, issuer, now.AddDays(-1), now.AddDays(180));
    }

    /// <summary>A server certificate for <paramref name="names"/> (DNS names or IP addresses), signed by <paramref name="authority"/> or self-signed.</summary>
    public static X509Certificate2 CreateServer(X509Certificate2? authority, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] names) =>
        CreateServer(authority, notBefore, notAfter, caIssuers: null, names);

    /// <summary>Valid now, for <paramref name="name"/>, naming where its issuer can be downloaded (Authority Information Access).</summary>
    public static X509Certificate2 CreateServer(X509Certificate2 authority, Uri caIssuers, string name) =>
        CreateServer(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), caIssuers, [name]);

    private static X509Certificate2 CreateServer(X509Certificate2? authority, DateTimeOffset notBefore, DateTimeOffset notAfter, Uri? caIssuers, string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        if (caIssuers is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(ocspUris: null, caIssuersUris: [caIssuers.ToString()]));
        }

        return authority is null ? Reload(request.CreateSelfSigned(notBefore, notAfter)) : Issue(request, key, authority, notBefore, notAfter);
    }

    private static X509Certificate2 Issue(CertificateRequest request, RSA key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return Reload(signed.CopyWithPrivateKey(key));
    }

    /// <summary>Valid now, for localhost and 127.0.0.1.</summary>
    public static X509Certificate2 CreateServer(X509Certificate2? authority) =>
        CreateServer(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), "localhost", "127.0.0.1");

    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>Through PKCS#12, so that SslStream can use the private key.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
