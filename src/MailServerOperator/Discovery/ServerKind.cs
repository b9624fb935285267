namespace MailServerOperator.Discovery;

/// <summary>The three kinds of server a MailServer names: POP3 or IMAP4 incoming, SMTP outgoing.</summary>
internal enum ServerKind
{
    Pop3,
    Imap4,
    Smtp,
}
