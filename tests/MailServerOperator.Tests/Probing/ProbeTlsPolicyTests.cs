using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeTlsPolicyTests
{
    [Fact]
    internal void Bound_AnyOptions_Tls12Or13AndNoNetworkUseInTheChain()
    {
        var options = ProbeTlsPolicy.Bound(new SslClientAuthenticationOptions
        {
            TargetHost = "mail.example.jp",
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.Online,
        });

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.EnabledSslProtocols);
        Assert.Equal(X509RevocationMode.NoCheck, options.CertificateRevocationCheckMode);
        Assert.NotNull(options.CertificateChainPolicy);
        Assert.True(options.CertificateChainPolicy.DisableCertificateDownloads);
        Assert.Equal(X509RevocationMode.NoCheck, options.CertificateChainPolicy.RevocationMode);
        Assert.Equal("mail.example.jp", options.TargetHost);
    }
}
