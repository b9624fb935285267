using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// The best incoming and outgoing server found so far. Sources are offered in precedence order; within a source,
/// implicit TLS beats STARTTLS beats plain text, then the source's own order (SRV priority and weight, the document's
/// order), then IMAP4 before POP3. A later source replaces a choice only when that choice is plain text and the later
/// source found TLS: plain text is taken only where no source has anything better.
/// </summary>
internal sealed class ServerSelection(ServerKind? incomingProtocol)
{
    public VerifiedServer? Incoming { get; private set; }

    public VerifiedServer? Outgoing { get; private set; }

    public bool NeedsIncoming => Incoming is null || Incoming.Tls == ProbeTlsMode.None;

    public bool NeedsOutgoing => Outgoing is null || Outgoing.Tls == ProbeTlsMode.None;

    public bool Done => !NeedsIncoming && !NeedsOutgoing;

    /// <summary>True when the candidate could improve the selection (a direction still open, the protocol asked for).</summary>
    public bool Wants(ServerCandidate candidate) => candidate.IsIncoming
        ? NeedsIncoming && (incomingProtocol is null || candidate.Kind == incomingProtocol)
        : NeedsOutgoing;

    public void Offer(IReadOnlyCollection<VerifiedServer> servers)
    {
        Incoming = Better(Incoming, Best(servers.Where(s => s.Candidate.IsIncoming && (incomingProtocol is null || s.Candidate.Kind == incomingProtocol))));
        Outgoing = Better(Outgoing, Best(servers.Where(s => !s.Candidate.IsIncoming)));
    }

    private static VerifiedServer? Best(IEnumerable<VerifiedServer> servers) => servers
        .OrderBy(s => s.TlsPreference)
        .ThenBy(s => s.Candidate.Rank)
        .ThenBy(s => s.Candidate.Kind == ServerKind.Imap4 ? 0 : 1)
        .FirstOrDefault();

    private static VerifiedServer? Better(VerifiedServer? current, VerifiedServer? offered) =>
        current is null || (current.Tls == ProbeTlsMode.None && offered is not null && offered.Tls != ProbeTlsMode.None) ? offered ?? current : current;
}
