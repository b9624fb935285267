using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>Explains in words why a server certificate was rejected.</summary>
internal static class CertificateProblems
{
    private const X509ChainStatusFlags UntrustedFlags = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
    private const string PrivateCaHint = "if that is a private CA, trust it with the operator's --ca-bundle option";

    /// <summary>
    /// "the TLS certificate (CN=…) is not valid: it expired on …; …". Null when nothing is wrong.
    /// </summary>
    /// <param name="chainStatus">The chain's status flags (combined); NoError when the chain validated.</param>
    /// <param name="nameMismatch">The certificate is not issued for <paramref name="host"/>.</param>
    /// <param name="certificate">The server's (leaf) certificate.</param>
    /// <param name="host">The host name the probe connected to.</param>
    /// <param name="now">The time the certificate was checked at.</param>
    public static string? Describe(X509ChainStatusFlags chainStatus, bool nameMismatch, CertificateFacts certificate, string host, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var problems = new List<string>();

        if (chainStatus.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            problems.Add(now > certificate.NotAfter ? $"it expired on {Date(certificate.NotAfter)}"
                : now < certificate.NotBefore ? $"it is not valid before {Date(certificate.NotBefore)}"
                : "a certificate in its chain has expired or is not yet valid");
        }

        if (chainStatus.HasFlag(X509ChainStatusFlags.UntrustedRoot))
        {
            problems.Add($"it is issued by an authority that neither the system roots nor the probe's CA bundle trust; {PrivateCaHint}");
        }
        else if (chainStatus.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            problems.Add($"its chain does not reach a trusted authority: the server may not send its intermediate certificates (the probe does not download them), or the authority is not trusted; {PrivateCaHint}");
        }

        if (chainStatus.HasFlag(X509ChainStatusFlags.Revoked))
        {
            problems.Add("it has been revoked");
        }

        if (chainStatus.HasFlag(X509ChainStatusFlags.NotSignatureValid))
        {
            problems.Add("its signature is not valid");
        }

        var other = chainStatus & ~(X509ChainStatusFlags.NotTimeValid | UntrustedFlags | X509ChainStatusFlags.Revoked | X509ChainStatusFlags.NotSignatureValid);
        if (other != X509ChainStatusFlags.NoError)
        {
            problems.Add($"its chain does not validate ({other})");
        }

        if (nameMismatch)
        {
            problems.Add($"it is issued for {Names(certificate.Names)}, not for {host}");
        }

        var subject = certificate.Subject is { } name ? $" ({name})" : string.Empty;
        return problems.Count == 0 ? null : $"the TLS certificate{subject} is not valid: {string.Join("; ", problems)}";
    }

    private static string Names(IReadOnlyList<string> names) => names.Count <= CertificateFacts.MaxNames
        ? (names.Count == 0 ? "no host name" : string.Join(", ", names))
        : string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", names.Take(CertificateFacts.MaxNames))} and {names.Count - CertificateFacts.MaxNames} more");

    private static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
