using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// The built-in catalog: facts only (hosts, ports, TLS as each provider publishes them), no guesses. Gmail and
/// Outlook/Exchange Online are the built-in MailServers every namespace already has, so they point there instead.
/// </summary>
internal static class ProviderCatalog
{
    private const ProbeTlsMode Implicit = ProbeTlsMode.Implicit;
    private const ProbeTlsMode StartTls = ProbeTlsMode.StartTls;

    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        new("Gmail", ["gmail.com", "googlemail.com"], ["google.com", "googlemail.com"], ReservedMailServerNames.Gmail, [],
            "developers.google.com/gmail/imap/imap-smtp"),
        new("Exchange Online", ["outlook.com", "hotmail.com", "live.com", "msn.com", "office365.com"], ["mail.protection.outlook.com"], ReservedMailServerNames.ExchangeOnline, [],
            "learn.microsoft.com: POP3 and IMAP4 in Exchange Online"),
        new("Yahoo Mail", ["yahoo.com", "ymail.com", "rocketmail.com"], [], null,
            [new(ServerKind.Imap4, "imap.mail.yahoo.com", 993, Implicit), new(ServerKind.Pop3, "pop.mail.yahoo.com", 995, Implicit), new(ServerKind.Smtp, "smtp.mail.yahoo.com", 465, Implicit)],
            "help.yahoo.com: IMAP server settings for Yahoo Mail"),
        new("iCloud Mail", ["icloud.com", "me.com", "mac.com"], [], null,
            [new(ServerKind.Imap4, "imap.mail.me.com", 993, Implicit), new(ServerKind.Smtp, "smtp.mail.me.com", 587, StartTls)],
            "support.apple.com/102525: iCloud Mail server settings"),
        new("Fastmail", ["fastmail.com", "fastmail.fm"], ["messagingengine.com"], null,
            [new(ServerKind.Imap4, "imap.fastmail.com", 993, Implicit), new(ServerKind.Pop3, "pop.fastmail.com", 995, Implicit), new(ServerKind.Smtp, "smtp.fastmail.com", 465, Implicit)],
            "fastmail.help: server names and ports"),
        new("GMX", ["gmx.net", "gmx.de", "gmx.at", "gmx.ch"], [], null,
            [new(ServerKind.Imap4, "imap.gmx.net", 993, Implicit), new(ServerKind.Pop3, "pop.gmx.net", 995, Implicit), new(ServerKind.Smtp, "mail.gmx.net", 465, Implicit)],
            "hilfe.gmx.net: POP3, IMAP and SMTP"),
        new("WEB.DE", ["web.de"], [], null,
            [new(ServerKind.Imap4, "imap.web.de", 993, Implicit), new(ServerKind.Pop3, "pop3.web.de", 995, Implicit), new(ServerKind.Smtp, "smtp.web.de", 587, StartTls)],
            "hilfe.web.de: POP3, IMAP and SMTP"),
        new("mailbox.org", ["mailbox.org"], [], null,
            [new(ServerKind.Imap4, "imap.mailbox.org", 993, Implicit), new(ServerKind.Pop3, "pop3.mailbox.org", 995, Implicit), new(ServerKind.Smtp, "smtp.mailbox.org", 465, Implicit)],
            "kb.mailbox.org: mail client settings"),
        new("Posteo", ["posteo.de", "posteo.net"], [], null,
            [new(ServerKind.Imap4, "posteo.de", 993, Implicit), new(ServerKind.Pop3, "posteo.de", 995, Implicit), new(ServerKind.Smtp, "posteo.de", 465, Implicit)],
            "posteo.de/en/help: mail client settings"),
        new("Zoho Mail", ["zoho.com", "zohomail.com"], [], null,
            [new(ServerKind.Imap4, "imap.zoho.com", 993, Implicit), new(ServerKind.Pop3, "pop.zoho.com", 995, Implicit), new(ServerKind.Smtp, "smtp.zoho.com", 465, Implicit)],
            "zoho.com/mail/help: IMAP, POP and SMTP"),
    ];

    /// <summary>The entry for a mail domain itself.</summary>
    public static CatalogEntry? ForDomain(string domain) =>
        Entries.FirstOrDefault(e => e.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase));

    /// <summary>The entry whose MX hosts serve a domain (a company domain hosted by the provider).</summary>
    public static CatalogEntry? ForMxHost(string mxHost) =>
        Entries.FirstOrDefault(e => e.MxSuffixes.Any(s => mxHost.Equals(s, StringComparison.OrdinalIgnoreCase) || mxHost.EndsWith("." + s, StringComparison.OrdinalIgnoreCase)));
}
