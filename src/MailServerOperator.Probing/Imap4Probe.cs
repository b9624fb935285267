using System.Globalization;
using System.Net;
using MailKit;
using MailKit.Net.Imap;

namespace MailServerOperator.Probing;

/// <summary>
/// IMAP4: an INBOX that opens read-only. MailKit's Inbox is never null (it makes up a placeholder), so only opening it
/// proves it, and that needs a login: without credentials the probe is Verified with a message saying INBOX was not
/// checked. The one login uses the LOGIN command, never a SASL mechanism.
/// </summary>
internal sealed class Imap4Probe(ProbeCredentials? credentials, ProbeSession session)
    : MailProbe<ProbeImapClient>(session)
{
    private const string InboxNotOpened = "INBOX could not be opened read-only after the login";

    protected override async Task<ProbeVerdict> VerifyAsync(ProbeImapClient client, CancellationToken cancellationToken)
    {
        if (credentials is null)
        {
            return Verified("login and INBOX not tested: opening INBOX needs a login (add probe credentials)");
        }

        if (client.Capabilities.HasFlag(ImapCapabilities.LoginDisabled))
        {
            return new(ProbeReason.AuthMechanismNotOffered, "the server refuses the LOGIN command (LOGINDISABLED)" + (client.IsSecure ? string.Empty : "; it may allow it after TLS"));
        }

        Session.Enter(ProbeStage.Authenticating);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(new NetworkCredential(credentials.Username, credentials.Password), cancellationToken);
        Record(client);

        Session.Enter(ProbeStage.Checking, "INBOX");
        var inbox = client.Inbox;
        try
        {
            if (await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken) == FolderAccess.None)
            {
                return new(ProbeReason.InboxUnavailable, InboxNotOpened);
            }
        }
        catch (FolderNotFoundException)
        {
            return new(ProbeReason.InboxUnavailable, "the account has no INBOX");
        }
        catch (ImapCommandException e)
        {
            // The response code (NO, BAD) is a closed set; the server's text after it is not repeated.
            return new(ProbeReason.InboxUnavailable, $"{InboxNotOpened}: the server answered {e.Response.ToString().ToUpperInvariant()}");
        }

        var messages = inbox.Count.ToString(CultureInfo.InvariantCulture);
        return Verified($"login succeeded (LOGIN); INBOX opened read-only, {messages} message{(inbox.Count == 1 ? string.Empty : "s")}");
    }

    protected override void Record(ProbeImapClient client)
    {
        Session.Capabilities = CapabilityNames.Of(client.Capabilities);
        if (client.AuthenticationMechanisms.Count > 0)
        {
            Session.AuthMechanisms = CapabilityNames.Of(client.AuthenticationMechanisms);
        }
    }
}
