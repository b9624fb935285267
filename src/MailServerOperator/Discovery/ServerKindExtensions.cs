using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

internal static class ServerKindExtensions
{
    public static string Display(this ServerKind kind) => kind switch
    {
        ServerKind.Pop3 => "POP3",
        ServerKind.Imap4 => "IMAP4",
        _ => "SMTP",
    };

    /// <summary>The IANA port of the service for a TLS mode (995/110, 993/143, 465/587).</summary>
    public static int StandardPort(this ServerKind kind, ProbeTlsMode tls) => (kind, tls == ProbeTlsMode.Implicit) switch
    {
        (ServerKind.Pop3, true) => WellKnownPorts.Pop3ImplicitTls,
        (ServerKind.Pop3, false) => WellKnownPorts.Pop3,
        (ServerKind.Imap4, true) => WellKnownPorts.Imap4ImplicitTls,
        (ServerKind.Imap4, false) => WellKnownPorts.Imap4,
        (_, true) => WellKnownPorts.SmtpImplicitTls,
        _ => WellKnownPorts.Submission,
    };
}
