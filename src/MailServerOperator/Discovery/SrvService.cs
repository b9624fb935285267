using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>An RFC 6186 / RFC 8314 service label and what it means.</summary>
internal sealed record SrvService(string Label, ServerKind Kind, ProbeTlsMode Tls)
{
    /// <summary>Implicit TLS first (RFC 8314 section 5.1), then STARTTLS.</summary>
    public static IReadOnlyList<SrvService> All { get; } =
    [
        new("_submissions._tcp", ServerKind.Smtp, ProbeTlsMode.Implicit),
        new("_submission._tcp", ServerKind.Smtp, ProbeTlsMode.StartTls),
        new("_imaps._tcp", ServerKind.Imap4, ProbeTlsMode.Implicit),
        new("_imap._tcp", ServerKind.Imap4, ProbeTlsMode.StartTls),
        new("_pop3s._tcp", ServerKind.Pop3, ProbeTlsMode.Implicit),
        new("_pop3._tcp", ServerKind.Pop3, ProbeTlsMode.StartTls),
    ];
}
