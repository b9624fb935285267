using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;

namespace MailServerOperator.Probing;

/// <summary>
/// IMAP4: STARTTLS offered (StartTls) and an INBOX that opens read-only. MailKit's Inbox is never null (it makes up a
/// placeholder), so only opening it proves it, and that needs a login: without credentials the probe is Verified with
/// a message saying INBOX was not checked. The one login uses the LOGIN command, never a SASL mechanism.
/// </summary>
internal sealed class Imap4Probe(IncomingProbeTarget target, ProbeCredentials? credentials, ProbeSession session)
{
    public async Task<ProbeVerdict> RunAsync(Socket socket, ServerCertificateValidator validator, TimeSpan operationTimeout, CancellationToken cancellationToken)
    {
        using var client = new ProbeImapClient(operationTimeout);
        MailClients.Configure(client, validator, operationTimeout);
        await MailClients.ConnectAsync(client, socket, session, cancellationToken);
        Record(client);
        var verdict = await VerifyAsync(client, cancellationToken);
        await MailClients.QuitAsync(client, session, cancellationToken);
        return verdict;
    }

    private async Task<ProbeVerdict> VerifyAsync(ImapClient client, CancellationToken cancellationToken)
    {
        if (target.Tls == ProbeTlsMode.StartTls && !client.IsSecure)
        {
            return new(ProbeReason.StartTlsNotOffered, "TLS mode StartTls is configured, but the server does not offer STARTTLS (use Implicit on the IMAPS port, usually 993)");
        }

        if (credentials is null)
        {
            return Verified("login and INBOX not tested: opening INBOX needs a login (add probe credentials)");
        }

        if (client.Capabilities.HasFlag(ImapCapabilities.LoginDisabled))
        {
            return new(ProbeReason.AuthMechanismNotOffered, "the server refuses the LOGIN command (LOGINDISABLED)" + (client.IsSecure ? string.Empty : "; it may allow it after TLS"));
        }

        session.Enter(ProbeStage.Authenticating);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(new NetworkCredential(credentials.Username, credentials.Password), cancellationToken);
        Record(client);

        session.Enter(ProbeStage.Checking, "INBOX");
        var inbox = client.Inbox;
        try
        {
            if (await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken) == FolderAccess.None)
            {
                return new(ProbeReason.InboxUnavailable, "INBOX could not be opened read-only after the login");
            }
        }
        catch (FolderNotFoundException)
        {
            return new(ProbeReason.InboxUnavailable, "the account has no INBOX");
        }
        catch (ImapCommandException e)
        {
            return new(ProbeReason.InboxUnavailable, $"INBOX could not be opened read-only after the login: {e.Response.ToString().ToUpperInvariant()} {ProbeText.ServerText(e.ResponseText)}");
        }

        var messages = inbox.Count.ToString(CultureInfo.InvariantCulture);
        return Verified($"login succeeded (LOGIN); INBOX opened read-only, {messages} message{(inbox.Count == 1 ? string.Empty : "s")}");
    }

    private ProbeVerdict Verified(string facts) => ProbeVerdict.Verified($"IMAP4 verified ({session.TlsSummary()}; {facts})");

    private void Record(ImapClient client)
    {
        session.Capabilities = CapabilityNames.Of(client.Capabilities);
        if (client.AuthenticationMechanisms.Count > 0)
        {
            session.AuthMechanisms = CapabilityNames.Of(client.AuthenticationMechanisms);
        }
    }
}
