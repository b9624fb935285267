using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// Where the test credentials may go. Never over plain text. And a source anyone on the path could forge (DNS without
/// DNSSEC, autoconfig over plain HTTP, guesses from MX) could name a host of the attacker's own with a valid
/// certificate for it, so such a source's hosts get the credentials only inside the mail domain. The catalog and
/// autoconfig over HTTPS (served by the domain under its certificate) are trusted with any host.
/// </summary>
internal static class CredentialPolicy
{
    public static bool MayLogIn(ServerCandidate candidate, ProbeTlsMode tls, string domain) =>
        tls != ProbeTlsMode.None
        && (candidate.Source == CandidateSource.Catalog
            || (candidate.Source == CandidateSource.Autoconfig && candidate.Origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || IsWithin(candidate.Host, domain));

    public static bool IsWithin(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
