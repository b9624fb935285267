using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Certificates;

/// <summary>The names a serving certificate must carry: the Service's DNS names and the loopback addresses.</summary>
internal sealed record ServingNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses)
{
    /// <summary>
    /// <c>NAME.NAMESPACE.svc</c> is what the apiserver verifies for a <c>clientConfig.service</c>; the others cover other
    /// ways of reaching the Service; loopback covers a <c>clientConfig.url</c> to 127.0.0.1 (local runs, tests).
    /// </summary>
    public static ServingNames ForService(string name, string @namespace) => new(
        [$"{name}.{@namespace}.svc", $"{name}.{@namespace}.svc.cluster.local", $"{name}.{@namespace}", name, "localhost"],
        [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    /// <summary>True when the certificate names every one of these.</summary>
    public bool AreCoveredBy(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }

        var dnsNames = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var addresses = extension.EnumerateIPAddresses().ToHashSet();
        return DnsNames.All(dnsNames.Contains) && IpAddresses.All(addresses.Contains);
    }
}
