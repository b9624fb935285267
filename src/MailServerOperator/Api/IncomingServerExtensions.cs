namespace MailServerOperator.Api;

/// <summary>The values an incoming server spec means when fields are left out (the CRD declares the same defaults).</summary>
internal static class IncomingServerExtensions
{
    public const TlsMode DefaultTls = TlsMode.Implicit;

    public static TlsMode EffectiveTls(this IncomingServer server) => server.Tls ?? DefaultTls;

    /// <summary>The port given, or the protocol's standard port for the effective TLS mode (POP3 110/995, IMAP4 143/993).</summary>
    /// <exception cref="InvalidOperationException">Neither port nor protocol is set (an invalid spec).</exception>
    public static int EffectivePort(this IncomingServer server) =>
        server.Port ?? DefaultPort(
            server.Protocol ?? throw new InvalidOperationException("incoming.protocol is required to choose a default port"),
            server.EffectiveTls());

    public static int DefaultPort(IncomingProtocol protocol, TlsMode tls) => (protocol, tls) switch
    {
        (IncomingProtocol.Pop3, TlsMode.Implicit) => WellKnownPorts.Pop3ImplicitTls,
        (IncomingProtocol.Pop3, _) => WellKnownPorts.Pop3,
        (IncomingProtocol.Imap4, TlsMode.Implicit) => WellKnownPorts.Imap4ImplicitTls,
        _ => WellKnownPorts.Imap4,
    };

    public static bool EffectiveApop(this IncomingServer server) => server.Apop ?? false;

    /// <summary>Fetched mail is deleted from the server unless <c>retention.leaveOnServer</c> is true.</summary>
    public static bool EffectiveLeaveOnServer(this IncomingServer server) => server.Retention?.LeaveOnServer ?? false;

    /// <summary>The largest message fetched, in bytes; null when unset or not a valid quantity.</summary>
    public static long? MaxMessageSizeBytes(this IncomingServer server) =>
        ByteQuantity.TryParse(server.MaxMessageSize, out var bytes, out _) ? bytes : null;
}
