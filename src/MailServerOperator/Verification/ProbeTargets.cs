using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>Maps a validated spec to what the probing library understands (it knows nothing of Kubernetes types).</summary>
internal static class ProbeTargets
{
    public static IncomingProbeTarget Incoming(IncomingServer incoming) => new(
        incoming.Protocol == IncomingProtocol.Pop3 ? IncomingMailProtocol.Pop3 : IncomingMailProtocol.Imap4,
        incoming.Host!,
        incoming.EffectivePort(),
        Tls(incoming.EffectiveTls()),
        incoming.EffectiveApop());

    public static OutgoingProbeTarget Outgoing(OutgoingServer outgoing) => new(
        outgoing.Host!,
        outgoing.EffectivePort(),
        Tls(outgoing.EffectiveTls()),
        outgoing.EffectiveMechanism() switch
        {
            SmtpAuthMechanism.None => ProbeAuthMechanism.None,
            SmtpAuthMechanism.Plain => ProbeAuthMechanism.Plain,
            SmtpAuthMechanism.Login => ProbeAuthMechanism.Login,
            SmtpAuthMechanism.CramMd5 => ProbeAuthMechanism.CramMd5,
            _ => ProbeAuthMechanism.XOAuth2,
        },
        outgoing.MaxMessageSizeBytes());

    /// <summary>The outgoing probe logs in only where the mailbox account's credentials are used with a real mechanism.</summary>
    public static ProbeCredentials? OutgoingCredentials(OutgoingServer outgoing, ProbeCredentials? credentials) =>
        outgoing.LogsInWithAccountCredentials() ? credentials : null;

    private static ProbeTlsMode Tls(TlsMode tls) => tls switch
    {
        TlsMode.None => ProbeTlsMode.None,
        TlsMode.StartTls => ProbeTlsMode.StartTls,
        _ => ProbeTlsMode.Implicit,
    };
}
