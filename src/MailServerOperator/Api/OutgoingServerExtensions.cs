namespace MailServerOperator.Api;

/// <summary>The values an outgoing server spec means when fields are left out (the CRD declares the same defaults).</summary>
internal static class OutgoingServerExtensions
{
    public const TlsMode DefaultTls = TlsMode.StartTls;
    public const SmtpAuthMechanism DefaultMechanism = SmtpAuthMechanism.Plain;

    public static TlsMode EffectiveTls(this OutgoingServer server) => server.Tls ?? DefaultTls;

    /// <summary>The port given, or 465 for implicit TLS and 587 (submission) otherwise.</summary>
    public static int EffectivePort(this OutgoingServer server) => server.Port ?? DefaultPort(server.EffectiveTls());

    public static int DefaultPort(TlsMode tls) =>
        tls == TlsMode.Implicit ? WellKnownPorts.SmtpImplicitTls : WellKnownPorts.Submission;

    public static SmtpAuthMechanism EffectiveMechanism(this OutgoingServer server) =>
        server.Authentication?.Mechanism ?? DefaultMechanism;

    public static bool EffectiveUseAccountCredentials(this OutgoingServer server) =>
        server.Authentication?.UseAccountCredentials ?? true;

    /// <summary>Whether the outgoing probe logs in: with the mailbox account's credentials and a real mechanism.</summary>
    public static bool LogsInWithAccountCredentials(this OutgoingServer server) =>
        server.EffectiveUseAccountCredentials() && server.EffectiveMechanism() != SmtpAuthMechanism.None;

    /// <summary>The largest message sent, in bytes; null when unset or not a valid quantity.</summary>
    public static long? MaxMessageSizeBytes(this OutgoingServer server) =>
        ByteQuantity.TryParse(server.MaxMessageSize, out var bytes, out _) ? bytes : null;
}
