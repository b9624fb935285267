using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>A server that a source says (or guesses) offers a service, before verification.</summary>
/// <param name="Kind">POP3, IMAP4 or SMTP.</param>
/// <param name="Host">The DNS name, without a trailing dot.</param>
/// <param name="Port">The TCP port (after the port map, so the port that is connected to).</param>
/// <param name="Tls">How the source says the connection is secured.</param>
/// <param name="Source">The source that produced it.</param>
/// <param name="Origin">Where exactly, for the manifest's comments and diagnostics (a URL, an SRV name, "common name").</param>
/// <param name="Rank">Order within the source (SRV priority and weight, the document's order); lower first.</param>
internal sealed record ServerCandidate(ServerKind Kind, string Host, int Port, ProbeTlsMode Tls, CandidateSource Source, string Origin, int Rank = 0)
{
    public bool IsIncoming => Kind != ServerKind.Smtp;

    public string Endpoint => $"{Host}:{Port}";

    public override string ToString() => $"{Kind.Display()} {Endpoint} {Tls}";
}
