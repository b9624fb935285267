namespace MailServerOperator.Probing;

/// <summary>The state of one probe: where it is, how long it has run, and what it has seen so far.</summary>
internal sealed class ProbeSession
{
    private readonly TimeProvider time;
    private readonly long startedAt;
    private long stageStartedAt;
    private TimeSpan? latency;

    public ProbeSession(string host, int port, string protocol, ProbeTlsMode tls, TimeProvider time)
    {
        Host = host;
        Port = port;
        Protocol = protocol;
        Tls = tls;
        this.time = time;
        startedAt = stageStartedAt = time.GetTimestamp();
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>"POP3", "IMAP4" or "SMTP".</summary>
    public string Protocol { get; }

    public ProbeTlsMode Tls { get; }

    public ProbeStage Stage { get; private set; } = ProbeStage.Resolving;

    /// <summary>What is being checked in <see cref="ProbeStage.Checking"/>, for messages.</summary>
    public string? Check { get; private set; }

    /// <summary>Time from the start of the probe to its verdict (to now while it runs).</summary>
    public TimeSpan Latency => latency ?? time.GetElapsedTime(startedAt);

    public string? TlsProtocol { get; set; }

    public string? CertificateSubject { get; private set; }

    public DateTimeOffset? CertificateExpiresAt { get; private set; }

    /// <summary>Why the certificate was rejected; set by the certificate validator.</summary>
    public string? CertificateProblem { get; set; }

    public IReadOnlyList<string> Capabilities { get; set; } = [];

    public IReadOnlyList<string> AuthMechanisms { get; set; } = [];

    public long? MaxMessageSize { get; set; }

    public void Enter(ProbeStage stage, string? check = null)
    {
        Stage = stage;
        Check = check;
        stageStartedAt = time.GetTimestamp();
    }

    public void RecordCertificate(CertificateFacts certificate)
    {
        CertificateSubject = certificate.Subject;
        CertificateExpiresAt = certificate.NotAfter;
    }

    /// <summary>After STARTTLS, an accepted certificate means the TLS upgrade worked: the rest is the session setup again.</summary>
    public void CertificateAccepted()
    {
        if (Stage == ProbeStage.StartingTls)
        {
            Enter(ProbeStage.SessionSetup);
        }
    }

    /// <summary>Stops the latency clock: the verdict is known, the rest (QUIT) is courtesy.</summary>
    public void StopClock() => latency ??= time.GetElapsedTime(startedAt);

    /// <summary>"TLSv1.3", "TLSv1.3 via STARTTLS" or "plain text (no TLS)", for a verified message.</summary>
    public string TlsSummary() => (Tls, TlsProtocol) switch
    {
        (_, null) => "plain text (no TLS)",
        (ProbeTlsMode.StartTls, { } version) => $"{version} via {(Protocol == "POP3" ? "STLS" : "STARTTLS")}",
        (_, { } version) => version,
    };

    public ProbeFailureContext FailureContext() =>
        new(Stage, Protocol, Tls, time.GetElapsedTime(stageStartedAt), CertificateProblem, Check);

    public string Message(ProbeVerdict verdict) => ProbeText.Message(Host, Port, verdict.Detail);
}
