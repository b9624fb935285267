using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>
/// Probes mail servers with MailKit. Each probe: its own client, async calls only, MailKit's Timeout on every network
/// step, and an overall deadline (<see cref="ProbeOptions.Timeout"/>); every failure becomes a <see cref="ProbeReason"/>.
/// </summary>
internal sealed class MailServerProber : IMailServerProber
{
    private readonly ProbeOptions options;
    private readonly TimeProvider time;
    private readonly X509Certificate2Collection extraTrust;
    private readonly TimeSpan operationTimeout;

    /// <exception cref="ArgumentException">A timeout is not positive.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The CA bundle cannot be read.</exception>
    public MailServerProber(ProbeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OperationTimeout, TimeSpan.Zero, nameof(options));
        this.options = options;
        this.time = time;
        operationTimeout = options.OperationTimeout < options.Timeout ? options.OperationTimeout : options.Timeout;
        extraTrust = [];
        if (options.ExtraTrustedCertificates is { } certificates)
        {
            extraTrust.AddRange(certificates);
        }

        if (options.CaBundlePath is { } path)
        {
            extraTrust.ImportFromPemFile(path);
        }
    }

    public async Task<IncomingProbeResult> ProbeIncomingAsync(IncomingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckEndpoint(target.Host, target.Port);
        var session = new ProbeSession(target.Host, target.Port, target.Protocol == IncomingMailProtocol.Pop3 ? "POP3" : "IMAP4", target.Tls, time);
        var verdict = await RunAsync(
            session,
            (connection, validator, token) => target.Protocol == IncomingMailProtocol.Pop3
                ? new Pop3Probe(target, credentials, session).RunAsync(connection, validator, operationTimeout, token)
                : new Imap4Probe(credentials, session).RunAsync(connection, validator, operationTimeout, token),
            cancellationToken);
        return new(
            verdict.Reason,
            session.Message(verdict),
            session.Latency,
            session.TlsProtocol,
            session.CertificateSubject,
            session.CertificateExpiresAt,
            session.Capabilities,
            session.AuthMechanisms);
    }

    public async Task<OutgoingProbeResult> ProbeOutgoingAsync(OutgoingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckEndpoint(target.Host, target.Port);
        var session = new ProbeSession(target.Host, target.Port, "SMTP", target.Tls, time);
        var verdict = await RunAsync(
            session,
            (connection, validator, token) => new SmtpProbe(target, credentials, session, options.LocalDomain).RunAsync(connection, validator, operationTimeout, token),
            cancellationToken);
        return new(
            verdict.Reason,
            session.Message(verdict),
            session.Latency,
            session.TlsProtocol,
            session.CertificateSubject,
            session.CertificateExpiresAt,
            session.Capabilities,
            session.MaxMessageSize,
            session.AuthMechanisms);
    }

    /// <summary>
    /// Connects to a checked address, runs the protocol's probe on the connection and turns a failure into a verdict.
    /// An exception that is neither the network's nor the server's (a bug) is rethrown: it is not the server's fault.
    /// </summary>
    private async Task<ProbeVerdict> RunAsync(
        ProbeSession session,
        Func<Stream, ServerCertificateValidator, CancellationToken, Task<ProbeVerdict>> probe,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var socket = await TcpConnector.ConnectAsync(session, options, operationTimeout, time, linked.Token);
            var milliseconds = (int)operationTimeout.TotalMilliseconds;
            await using var connection = new ProbeStream(socket, session, time) { ReadTimeout = milliseconds, WriteTimeout = milliseconds };
            return await probe(connection, new ServerCertificateValidator(session, extraTrust, time), linked.Token);
        }
        catch (Exception exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            session.StopClock();

            // Once the deadline has fired, whatever MailKit throws (often a wrapped cancellation) means "too slow".
            var cause = deadline.IsCancellationRequested ? new TimeoutException() : exception;
            if (ProbeFailureClassifier.Classify(cause, session.FailureContext()) is { } verdict)
            {
                return verdict;
            }

            throw;
        }
    }

    private static void CheckEndpoint(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
    }
}
