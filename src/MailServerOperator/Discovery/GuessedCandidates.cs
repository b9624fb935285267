using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// The last resort: common host names (imap., pop., pop3., smtp., mail.) of the domain and of its MX hosts' domain, and
/// the MX hosts themselves, on the standard ports with implicit TLS and STARTTLS. Only names that resolve are kept, and
/// nothing is guessed for a service that SRV declared not offered.
/// </summary>
internal static class GuessedCandidates
{
    private static readonly (string Prefix, ServerKind Kind)[] CommonNames =
    [
        ("imap.", ServerKind.Imap4), ("pop.", ServerKind.Pop3), ("pop3.", ServerKind.Pop3),
        ("mail.", ServerKind.Imap4), ("mail.", ServerKind.Pop3), ("smtp.", ServerKind.Smtp), ("mail.", ServerKind.Smtp),
    ];

    /// <summary>Every guess in order, before resolution: the domain's common names, the MX hosts, then the MX domains' common names.</summary>
    public static IReadOnlyList<ServerCandidate> For(string domain, IReadOnlyList<string> mxHosts, IReadOnlyList<SrvService> notOffered)
    {
        var guesses = new List<(string Host, ServerKind Kind, string Why)>();
        guesses.AddRange(CommonNames.Select(n => (n.Prefix + domain, n.Kind, "common name")));
        foreach (var mx in mxHosts)
        {
            guesses.AddRange(new[] { ServerKind.Imap4, ServerKind.Pop3, ServerKind.Smtp }.Select(kind => (mx, kind, $"MX host of {domain}")));
        }

        foreach (var mxDomain in mxHosts.Select(Parent).OfType<string>().Where(d => d != domain && d.Contains('.', StringComparison.Ordinal)).Distinct())
        {
            guesses.AddRange(CommonNames.Select(n => (n.Prefix + mxDomain, n.Kind, $"common name in {mxDomain}, the domain of the MX host")));
        }

        var candidates = new List<ServerCandidate>();
        foreach (var (host, kind, why) in guesses.Distinct())
        {
            foreach (var tls in new[] { ProbeTlsMode.Implicit, ProbeTlsMode.StartTls })
            {
                if (!notOffered.Any(s => s.Kind == kind && s.Tls == tls))
                {
                    candidates.Add(new ServerCandidate(kind, host, kind.StandardPort(tls), tls, CandidateSource.Guess, $"guess: {why}", candidates.Count));
                }
            }
        }

        return candidates;
    }

    private static string? Parent(string host) => host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? host[(dot + 1)..] : null;
}
