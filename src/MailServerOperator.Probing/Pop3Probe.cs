using System.Net;
using MailKit.Net.Pop3;

namespace MailServerOperator.Probing;

/// <summary>
/// POP3: the APOP timestamp in the greeting (apop), UIDL. UIDL is proven by CAPA; when CAPA does not list it, a login
/// lets the UIDL command decide. Without credentials, a server that answers CAPA without UIDL fails, and a server that
/// does not answer CAPA at all is Verified with a message saying UIDL was not checked. The one login uses APOP (apop)
/// or USER/PASS, never anything else.
/// </summary>
internal sealed class Pop3Probe(IncomingProbeTarget target, ProbeCredentials? credentials, ProbeSession session)
    : MailProbe<ProbePop3Client>(session)
{
    private const string UidlRequired = "the server does not support UIDL, which the mail-sharing option requires";

    /// <summary>Flags a POP3 client has without CAPA (from the greeting, or kept over CAPA by MailKit).</summary>
    private const Pop3Capabilities WithoutCapa = Pop3Capabilities.Apop | Pop3Capabilities.User | Pop3Capabilities.StartTLS;

    protected override async Task<ProbeVerdict> VerifyAsync(ProbePop3Client client, CancellationToken cancellationToken)
    {
        var capabilities = client.Capabilities;
        if (target.Apop && !capabilities.HasFlag(Pop3Capabilities.Apop))
        {
            return new(ProbeReason.ApopNotOffered, "APOP is configured, but the server's greeting carries no APOP timestamp: the server does not offer APOP");
        }

        var apop = target.Apop ? "APOP offered; " : string.Empty;
        if (credentials is null)
        {
            return capabilities.HasFlag(Pop3Capabilities.UIDL) ? Verified($"{apop}UIDL supported; login not tested (no credentials)")
                : AnswersCapa(client) ? new(ProbeReason.UidlNotSupported, $"{UidlRequired} (its CAPA list does not include UIDL)")
                : Verified($"{apop}UIDL not checked: the server does not answer CAPA, and only a login can show UIDL support (add probe credentials)");
        }

        Session.Enter(ProbeStage.Authenticating);
        await LoginAsync(client, credentials, cancellationToken);
        Record(client);
        if (!client.Capabilities.HasFlag(Pop3Capabilities.UIDL))
        {
            Session.Enter(ProbeStage.Checking, "the UIDL command");
            try
            {
                await client.GetMessageUidsAsync(cancellationToken);
            }
            catch (NotSupportedException)
            {
                return new(ProbeReason.UidlNotSupported, $"{UidlRequired} (the UIDL command fails)");
            }

            Record(client);
        }

        return Verified($"{apop}UIDL supported; login succeeded ({(target.Apop ? "APOP" : "USER/PASS")})");
    }

    protected override void Record(ProbePop3Client client)
    {
        Session.Capabilities = CapabilityNames.Of(client.Capabilities);
        if (client.AuthenticationMechanisms.Count > 0)
        {
            Session.AuthMechanisms = CapabilityNames.Of(client.AuthenticationMechanisms);
        }
    }

    /// <summary>Exactly one attempt: MailKit would otherwise try APOP, then every SASL mechanism, then USER/PASS.</summary>
    private Task LoginAsync(Pop3Client client, ProbeCredentials account, CancellationToken cancellationToken)
    {
        client.AuthenticationMechanisms.Clear();
        if (target.Apop)
        {
            client.Capabilities &= ~Pop3Capabilities.Sasl;
            return client.AuthenticateAsync(new ApopOnlyCredentials(account), cancellationToken);
        }

        client.Capabilities &= ~(Pop3Capabilities.Apop | Pop3Capabilities.Sasl);
        return client.AuthenticateAsync(new NetworkCredential(account.Username, account.Password), cancellationToken);
    }

    private static bool AnswersCapa(Pop3Client client) =>
        (client.Capabilities & ~WithoutCapa) != Pop3Capabilities.None || client.AuthenticationMechanisms.Count > 0;
}
