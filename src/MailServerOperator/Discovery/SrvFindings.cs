namespace MailServerOperator.Discovery;

/// <summary>What the SRV lookups found: candidates, the services declared not offered ("."), and a line per name that answered.</summary>
internal sealed record SrvFindings(IReadOnlyList<ServerCandidate> Candidates, IReadOnlyList<SrvService> NotOffered, IReadOnlyList<string> Notes);
