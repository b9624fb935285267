using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailServerOperator.IntegrationTests.Admission;

internal static class WebhookClient
{
    /// <summary>An HTTP client that trusts exactly what the apiserver trusts for this webhook.</summary>
    public static HttpClient TrustingOnly(byte[] caBundle)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
        return new HttpClient(new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is X509Certificate2 served && chain.Build(served)
                        && served.MatchesHostname("127.0.0.1");
                },
            },
        });
    }
}
