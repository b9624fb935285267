namespace MailServerOperator.Probing;

/// <summary>What a probe knew when an exception ended it; enough to turn the exception into a message.</summary>
/// <param name="Stage">The step that failed.</param>
/// <param name="Protocol">"POP3", "IMAP4" or "SMTP".</param>
/// <param name="Tls">The configured TLS mode.</param>
/// <param name="StageElapsed">How long the failed step ran.</param>
/// <param name="CertificateProblem">Why the certificate was rejected, when it was.</param>
/// <param name="Check">What was being checked in <see cref="ProbeStage.Checking"/> (e.g. "the UIDL command").</param>
internal sealed record ProbeFailureContext(
    ProbeStage Stage,
    string Protocol,
    ProbeTlsMode Tls,
    TimeSpan StageElapsed,
    string? CertificateProblem = null,
    string? Check = null);
