using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway CA, a serving certificate for 127.0.0.1 and localhost signed by it, and the service-account signing key,
/// written as PEM files into the control plane's directory. Clients trust the CA, so TLS is verified, not skipped.
/// </summary>
internal sealed record ControlPlaneCertificates(
    string CaCertificatePem,
    string ServingCertificatePath,
    string ServingKeyPath,
    string ServiceAccountKeyPath)
{
    public static ControlPlaneCertificates Create(string directory)
    {
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = notBefore.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=mailserver-operator-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest("CN=kube-apiserver", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var serving = servingRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        using var serviceAccountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var certificates = new ControlPlaneCertificates(
            ca.ExportCertificatePem(),
            Path.Combine(directory, "apiserver.crt"),
            Path.Combine(directory, "apiserver.key"),
            Path.Combine(directory, "sa.key"));
        File.WriteAllText(certificates.ServingCertificatePath, serving.ExportCertificatePem());
        File.WriteAllText(certificates.ServingKeyPath, servingKey.ExportECPrivateKeyPem());
        File.WriteAllText(certificates.ServiceAccountKeyPath, serviceAccountKey.ExportECPrivateKeyPem());
        return certificates;
    }

    /// <summary>Accepts exactly the server certificates that chain to this CA (for plain <see cref="HttpClient"/> probes).</summary>
    public bool IsTrusted(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var ca = X509Certificate2.CreateFromPem(CaCertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
