using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailServerOperator.Certificates;

namespace MailServerOperator.Tests.Certificates;

/// <summary>Checks on certificates at a moment of fake time.</summary>
internal static class CertificateTimeline
{
    public static readonly ServingNames Names = ServingNames.ForService("mailserver-operator-webhook", "mailserver-operator-system");

    /// <summary>Whether a client that trusts exactly <paramref name="caBundle"/> accepts <paramref name="serving"/> at <paramref name="now"/>.</summary>
    public static bool Verifies(byte[] caBundle, X509Certificate2 serving, DateTimeOffset now)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(serving);
    }

    public static int CountCertificates(byte[] caBundle)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(Encoding.ASCII.GetString(caBundle));
        return all.Count;
    }
}
