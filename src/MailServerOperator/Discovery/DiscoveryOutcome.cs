namespace MailServerOperator.Discovery;

/// <summary>What a discovery found: a built-in entry, or the servers to write (either may be missing), and a line per source tried.</summary>
/// <param name="Address">What was asked about.</param>
/// <param name="BuiltIn">The built-in MailServer that already serves this domain (gmail, exchange-online), or null.</param>
/// <param name="DisplayName">The provider's name, from the catalog or autoconfig; null uses the domain.</param>
/// <param name="Incoming">The chosen POP3 or IMAP4 server.</param>
/// <param name="Outgoing">The chosen SMTP server.</param>
/// <param name="Sources">One line per source: what it gave.</param>
/// <param name="TimedOut">True when the deadline ended the discovery.</param>
internal sealed record DiscoveryOutcome(
    MailAddress Address,
    string? BuiltIn,
    string? DisplayName,
    VerifiedServer? Incoming,
    VerifiedServer? Outgoing,
    IReadOnlyList<string> Sources,
    bool TimedOut)
{
    public bool Complete => Incoming is not null && Outgoing is not null;
}
