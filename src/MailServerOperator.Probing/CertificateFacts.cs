using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace MailServerOperator.Probing;

/// <summary>
/// What a result or a message may say about a server certificate. Its texts are the server's choice, so only what has
/// the strict syntax of a host name or an IP address is kept: no distinguished name is copied.
/// </summary>
/// <param name="Subject">"CN=mail.example.jp" when the subject's common name is a host name; otherwise null.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">Expiry.</param>
/// <param name="Names">Host names and IP addresses it is issued for (subject alternative names, else the common name).</param>
internal sealed partial record CertificateFacts(string? Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter, IReadOnlyList<string> Names)
{
    /// <summary>More names than a person reads in a message; the rest are counted.</summary>
    public const int MaxNames = 5;

    public static CertificateFacts From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return new(
            IsHostName(commonName) ? "CN=" + commonName : null,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            NamesOf(certificate, commonName));
    }

    /// <summary>A DNS name (a leading "*." allowed) of at most 253 characters.</summary>
    public static bool IsHostName(string? name) => name is { Length: > 0 and <= 253 } && HostName().IsMatch(name);

    private static List<string> NamesOf(X509Certificate2 certificate, string? commonName)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames().Where(IsHostName));
                names.AddRange(san.EnumerateIPAddresses().Select(address => address.ToString()));
            }
        }

        if (names.Count == 0 && IsHostName(commonName))
        {
            names.Add(commonName!);
        }

        return names;
    }

    [GeneratedRegex(@"^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
