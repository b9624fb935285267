using System.Text;
using MailServerOperator.Certificates;

namespace MailServerOperator.Tests.Certificates;

public sealed class CaBundleOrderTests
{
    private static readonly WebhookCertificateOptions Options = new();
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TrustsNewerAuthority_AStaleWritersBundle_IsARollback()
    {
        var old = CertificateFactory.CreateAuthority(Now.AddDays(-250), Options);
        var renewed = CertificateFactory.CreateAuthority(Now, Options);

        Assert.True(CaBundleOrder.TrustsNewerAuthority(Bundle(renewed, old), Bundle(old)));
        Assert.False(CaBundleOrder.TrustsNewerAuthority(Bundle(old), Bundle(renewed, old)));
        Assert.False(CaBundleOrder.TrustsNewerAuthority(Bundle(renewed, old), Bundle(renewed, old)));
        Assert.False(CaBundleOrder.TrustsNewerAuthority(Bundle(renewed, old), Bundle(renewed)));
    }

    [Fact]
    public void TrustsNewerAuthority_ForeignOrUnreadableBundles_NeverCountAsNewer()
    {
        var ours = CertificateFactory.CreateAuthority(Now.AddDays(-250), Options);
        using var key = System.Security.Cryptography.ECDsa.Create();
        var foreign = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=cert-manager-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(Now, Now.AddDays(90));

        Assert.False(CaBundleOrder.TrustsNewerAuthority(Bundle(foreign), Bundle(ours)));
        Assert.False(CaBundleOrder.TrustsNewerAuthority("garbage"u8.ToArray(), Bundle(ours)));
        Assert.False(CaBundleOrder.TrustsNewerAuthority(null, Bundle(ours)));
    }

    private static byte[] Bundle(params System.Security.Cryptography.X509Certificates.X509Certificate2[] authorities) =>
        Encoding.ASCII.GetBytes(string.Concat(authorities.Select(authority => authority.ExportCertificatePem() + "\n")));
}
