namespace MailServerOperator.Probing;

/// <summary>The protocol an incoming mail server is probed with.</summary>
internal enum IncomingMailProtocol
{
    Pop3,
    Imap4,
}
