using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>What a message about a server certificate needs to know about it.</summary>
/// <param name="Subject">The subject's distinguished name, e.g. "CN=mail.example.jp".</param>
/// <param name="Issuer">The issuer's distinguished name.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">Expiry.</param>
/// <param name="Names">DNS names and IP addresses it is issued for (subject alternative names, else the common name).</param>
internal sealed record CertificateFacts(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, IReadOnlyList<string> Names)
{
    public static CertificateFacts From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new(
            certificate.Subject,
            certificate.Issuer,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            NamesOf(certificate));
    }

    private static List<string> NamesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(address => address.ToString()));
            }
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(commonName);
        }

        return names;
    }
}
