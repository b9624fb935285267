namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>An IMAP4 server whose account has no INBOX: LIST finds nothing and EXAMINE INBOX fails.</summary>
internal static class FakeImapWithoutInboxConversation
{
    public static async Task RunAsync(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLinesAsync(cancellationToken, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake IMAP ready");
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ');
            var tag = words[0];
            var command = words.Length > 1 ? words[1].ToUpperInvariant() : string.Empty;
            string[] reply = command switch
            {
                "CAPABILITY" => ["* CAPABILITY IMAP4rev1 AUTH=PLAIN", $"{tag} OK CAPABILITY done"],
                "LOGIN" => [$"{tag} OK [CAPABILITY IMAP4rev1] logged in"],
                "EXAMINE" or "SELECT" => [$"{tag} NO [NONEXISTENT] Mailbox doesn't exist: INBOX"],
                "LOGOUT" => ["* BYE logging out", $"{tag} OK LOGOUT done"],
                _ => [$"{tag} OK {command} done"],
            };
            await connection.WriteLinesAsync(cancellationToken, reply);
            if (command == "LOGOUT")
            {
                return;
            }
        }
    }
}
