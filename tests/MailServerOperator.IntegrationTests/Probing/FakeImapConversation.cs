namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// An IMAP4 server without STARTTLS whose account may lack an INBOX (LIST finds nothing, EXAMINE fails) and which may
/// announce LOGINDISABLED. It counts LOGIN and AUTHENTICATE commands.
/// </summary>
internal sealed class FakeImapConversation(bool inbox = true, bool loginDisabled = false)
{
    private int loginCommands;

    public int LoginCommands => Volatile.Read(ref loginCommands);

    private string Capabilities => "IMAP4rev1 AUTH=PLAIN" + (loginDisabled ? " LOGINDISABLED" : string.Empty);

    public async Task RunAsync(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLinesAsync(cancellationToken, $"* OK [CAPABILITY {Capabilities}] fake IMAP ready");
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ');
            var tag = words[0];
            var command = words.Length > 1 ? words[1].ToUpperInvariant() : string.Empty;
            if (command is "LOGIN" or "AUTHENTICATE")
            {
                Interlocked.Increment(ref loginCommands);
            }

            string[] reply = command switch
            {
                "CAPABILITY" => [$"* CAPABILITY {Capabilities}", $"{tag} OK CAPABILITY done"],
                "LOGIN" => [$"{tag} OK [CAPABILITY IMAP4rev1] logged in"],
                "LIST" when inbox => ["* LIST (\\HasNoChildren) \".\" INBOX", $"{tag} OK LIST done"],
                "EXAMINE" or "SELECT" when inbox => ["* 2 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 3] next", $"{tag} OK [READ-ONLY] EXAMINE done"],
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
