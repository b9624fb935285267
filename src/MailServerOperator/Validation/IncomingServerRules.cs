using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Rules of <c>spec.incoming</c>: protocol, APOP, endpoint, message size and retention.</summary>
internal static class IncomingServerRules
{
    private const string Path = "spec.incoming";

    public static void Check(IncomingServer incoming, List<ValidationIssue> issues)
    {
        if (incoming.Protocol is null)
        {
            issues.Add(ValidationIssue.Error(Path + ".protocol", "required: POP3 or IMAP4"));
        }

        if (incoming.Apop == true && incoming.Protocol == IncomingProtocol.Imap4)
        {
            issues.Add(ValidationIssue.Error(
                Path + ".apop",
                "APOP is a POP3 login and IMAP4 has no such thing: remove apop, or set protocol: POP3"));
        }

        var tls = incoming.EffectiveTls();
        int? port = incoming.Port ?? (incoming.Protocol is { } protocol ? IncomingServerExtensions.DefaultPort(protocol, tls) : null);
        EndpointRules.Check(new ServerEndpoint(Path, incoming.Host, incoming.Port, incoming.Tls, tls, port), issues);
        MessageSizeRules.Check(Path + ".maxMessageSize", incoming.MaxMessageSize, issues);
        CheckRetention(incoming, issues);
    }

    private static void CheckRetention(IncomingServer incoming, List<ValidationIssue> issues)
    {
        const string retention = Path + ".retention";
        var leaveOnServer = incoming.EffectiveLeaveOnServer();
        if (incoming.Retention?.DeleteAfterDays is { } days)
        {
            if (days < 0)
            {
                issues.Add(ValidationIssue.Error(retention + ".deleteAfterDays", $"must be 0 (delete at once) or more days (not {days})"));
            }
            else if (leaveOnServer)
            {
                issues.Add(ValidationIssue.Error(
                    retention + ".deleteAfterDays",
                    "applies only with leaveOnServer: false (mail left on the server is never deleted): remove deleteAfterDays, or set leaveOnServer: false"));
            }
        }

        if (leaveOnServer)
        {
            issues.Add(ValidationIssue.Warning(
                retention + ".leaveOnServer",
                "leaveOnServer: true is not recommended: fetched mail stays on the server and the mailbox keeps growing"));
        }
        else if (incoming.Protocol == IncomingProtocol.Imap4)
        {
            issues.Add(ValidationIssue.Warning(
                retention + ".leaveOnServer",
                "every message in INBOX will be deleted from the server when it is received, read or unread"));
        }
    }
}
