using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailServerOperator.Certificates;

/// <summary>Which of two caBundles is newer, by the operator CAs in them (each CA's subject is its own, by creation time).</summary>
internal static class CaBundleOrder
{
    private const string AuthorityCommonNamePrefix = "CN=mailserver-operator-webhook-ca-";

    /// <summary>
    /// True when <paramref name="published"/> holds an operator CA that <paramref name="candidate"/> lacks and that is
    /// newer than every CA in <paramref name="candidate"/>: publishing the candidate would roll the bundle back. Anything
    /// unreadable, or CAs not made by the operator (cert-manager's, an administrator's), never count as newer.
    /// </summary>
    public static bool TrustsNewerAuthority(byte[]? published, byte[] candidate)
    {
        var ours = Read(candidate);
        if (published is null || ours.Count == 0)
        {
            return false;
        }

        var newestOurs = ours.Max(certificate => certificate.NotBefore);
        return Read(published).Any(certificate =>
            certificate.Subject.StartsWith(AuthorityCommonNamePrefix, StringComparison.Ordinal)
            && certificate.NotBefore > newestOurs
            && !ours.Any(own => own.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)));
    }

    private static List<X509Certificate2> Read(byte[] pem)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException)
        {
            return [];
        }

        return [.. all];
    }
}
