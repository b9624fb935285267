namespace MailServerOperator.Api;

/// <summary>Effective values of optional fields whose default depends on other fields.</summary>
internal static class ServerDefaults
{
    public static TlsMode EffectiveTls(this IncomingServer incoming) => incoming.Tls ?? TlsMode.Implicit;

    public static TlsMode EffectiveTls(this OutgoingServer outgoing) => outgoing.Tls ?? TlsMode.StartTls;

    public static int EffectivePort(this IncomingServer incoming) => incoming.Port ?? (incoming.Protocol, incoming.EffectiveTls()) switch
    {
        (IncomingProtocol.Pop3, TlsMode.Implicit) => 995,
        (IncomingProtocol.Pop3, _) => 110,
        (_, TlsMode.Implicit) => 993,
        _ => 143,
    };

    public static int EffectivePort(this OutgoingServer outgoing) => outgoing.Port ?? (outgoing.EffectiveTls() == TlsMode.Implicit ? 465 : 587);
}
