namespace MailServerOperator.Api;

/// <summary>The IANA ports of the mail protocols, and which of them speak TLS from the first byte.</summary>
internal static class WellKnownPorts
{
    public const int Smtp = 25;
    public const int Pop3 = 110;
    public const int Imap4 = 143;
    public const int SmtpImplicitTls = 465;
    public const int Submission = 587;
    public const int Imap4ImplicitTls = 993;
    public const int Pop3ImplicitTls = 995;

    /// <summary>Ports where the server starts TLS at once: a plain-text or STARTTLS client can never talk to them.</summary>
    public static bool IsImplicitTlsPort(int port) => port is Pop3ImplicitTls or Imap4ImplicitTls or SmtpImplicitTls;

    /// <summary>Ports where the server greets in plain text (and may offer STARTTLS): an implicit-TLS client can never talk to them.</summary>
    public static bool IsPlainTextPort(int port) => port is Pop3 or Imap4 or Submission or Smtp;

    /// <summary>The port of the same service on the other side of the TLS divide (995 for 110, 587 for 465, ...).</summary>
    public static int? Counterpart(int port) => port switch
    {
        Pop3 => Pop3ImplicitTls,
        Pop3ImplicitTls => Pop3,
        Imap4 => Imap4ImplicitTls,
        Imap4ImplicitTls => Imap4,
        Submission or Smtp => SmtpImplicitTls,
        SmtpImplicitTls => Submission,
        _ => null,
    };
}
