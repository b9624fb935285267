using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeFailureClassifierTests
{
    [Theory]
    [InlineData("timeout", ProbeStage.SessionSetup, ProbeReason.Timeout)]
    [InlineData("cancelled", ProbeStage.Authenticating, ProbeReason.Timeout)]
    [InlineData("handshake cancelled", ProbeStage.SessionSetup, ProbeReason.Timeout)]
    [InlineData("handshake bad frame", ProbeStage.SessionSetup, ProbeReason.TlsHandshakeFailed)]
    [InlineData("authentication", ProbeStage.Authenticating, ProbeReason.AuthenticationFailed)]
    [InlineData("fallback refused", ProbeStage.Authenticating, ProbeReason.AuthenticationFailed)]
    [InlineData("host not found", ProbeStage.Resolving, ProbeReason.DnsFailure)]
    [InlineData("no data", ProbeStage.Resolving, ProbeReason.DnsFailure)]
    [InlineData("try again", ProbeStage.Resolving, ProbeReason.DnsFailure)]
    [InlineData("refused", ProbeStage.Connecting, ProbeReason.ConnectionRefused)]
    [InlineData("socket timed out", ProbeStage.Connecting, ProbeReason.Timeout)]
    [InlineData("network unreachable", ProbeStage.Connecting, ProbeReason.ConnectionFailed)]
    [InlineData("reset", ProbeStage.SessionSetup, ProbeReason.ConnectionFailed)]
    [InlineData("broken pipe", ProbeStage.Checking, ProbeReason.ConnectionFailed)]
    [InlineData("not connected", ProbeStage.Checking, ProbeReason.ConnectionFailed)]
    [InlineData("imap disconnected", ProbeStage.SessionSetup, ProbeReason.ConnectionFailed)]
    [InlineData("pop3 bad greeting", ProbeStage.SessionSetup, ProbeReason.ProtocolError)]
    [InlineData("pop3 command failed", ProbeStage.Checking, ProbeReason.ProtocolError)]
    [InlineData("smtp 421", ProbeStage.SessionSetup, ProbeReason.ProtocolError)]
    [InlineData("smtp 454", ProbeStage.Authenticating, ProbeReason.AuthenticationFailed)]
    [InlineData("sasl", ProbeStage.Authenticating, ProbeReason.ProtocolError)]
    [InlineData("address not allowed", ProbeStage.Resolving, ProbeReason.AddressNotAllowed)]
    [InlineData("receive limit", ProbeStage.SessionSetup, ProbeReason.ProtocolError)]
    [InlineData("starttls not supported", ProbeStage.SessionSetup, ProbeReason.StartTlsNotOffered)]
    [InlineData("smtp 454", ProbeStage.StartingTls, ProbeReason.TlsHandshakeFailed)]
    [InlineData("pop3 command failed", ProbeStage.StartingTls, ProbeReason.TlsHandshakeFailed)]
    [InlineData("starttls not supported", ProbeStage.Checking, ProbeReason.ProtocolError)]
    internal void Classify_Exception_MapsToReason(string failure, ProbeStage stage, ProbeReason expected)
    {
        var verdict = ProbeFailureClassifier.Classify(Failure(failure), Context(stage) with { Tls = ProbeTlsMode.StartTls });

        Assert.NotNull(verdict);
        Assert.Equal(expected, verdict.Reason);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Detail));
    }

    [Theory]
    [InlineData("null reference")]
    [InlineData("invalid operation")]
    [InlineData("argument")]
    internal void Classify_ExceptionThatIsNoNetworkOrServerFailure_NotBlamedOnTheServer(string failure) =>
        Assert.Null(ProbeFailureClassifier.Classify(Failure(failure), Context(ProbeStage.Checking)));

    [Fact]
    internal void Classify_AddressNotAllowed_NamesTheKindsAndTheOption()
    {
        var verdict = ProbeFailureClassifier.Classify(new AddressNotAllowedException(["loopback", "private"]), Context(ProbeStage.Resolving));

        Assert.Equal(
            "the host's addresses are not public (loopback, private), and the operator probes only public addresses: nothing was sent (the operator's administrator can allow a network with --probe-allow-network)",
            verdict?.Detail);
    }

    [Theory]
    [InlineData("POP3", "STLS")]
    [InlineData("IMAP4", "STARTTLS")]
    internal void Classify_StartTlsRefused_SaysTheProbeStopsWithoutTls(string protocol, string command)
    {
        var verdict = ProbeFailureClassifier.Classify(new Pop3CommandException("-ERR not now"), Context(ProbeStage.StartingTls) with { Protocol = protocol });

        Assert.Equal($"the server offers {command} but refused it; the probe does not continue without TLS", verdict?.Detail);
    }

    [Fact]
    internal void Classify_HandshakeAfterRejectedCertificate_CertificateInvalidWithTheProblem()
    {
        var context = Context(ProbeStage.SessionSetup) with { CertificateProblem = "the TLS certificate (CN=x) is not valid: it expired on 2020-01-01 00:00 UTC" };

        var verdict = ProbeFailureClassifier.Classify(new SslHandshakeException("rejected"), context);

        Assert.Equal<ProbeVerdict?>(new ProbeVerdict(ProbeReason.CertificateInvalid, context.CertificateProblem), verdict);
    }

    [Theory]
    [InlineData(ProbeStage.Resolving, ProbeTlsMode.None, "the DNS lookup did not finish within 2.5 s")]
    [InlineData(ProbeStage.Connecting, ProbeTlsMode.None, "the TCP connection was not accepted within 2.5 s (a firewall may be dropping the packets)")]
    [InlineData(ProbeStage.SessionSetup, ProbeTlsMode.None, "the server accepted the connection but did not complete the POP3 greeting and capabilities within 2.5 s")]
    [InlineData(ProbeStage.SessionSetup, ProbeTlsMode.StartTls, "the server accepted the connection but did not complete the POP3 greeting, capabilities and STARTTLS within 2.5 s")]
    [InlineData(ProbeStage.SessionSetup, ProbeTlsMode.Implicit, "the server accepted the connection but did not complete the TLS handshake and POP3 greeting within 2.5 s")]
    [InlineData(ProbeStage.StartingTls, ProbeTlsMode.StartTls, "the server did not complete STLS and the TLS handshake within 2.5 s")]
    [InlineData(ProbeStage.Authenticating, ProbeTlsMode.None, "the login did not finish within 2.5 s")]
    internal void Classify_Timeout_SaysWhichStepDidNotFinish(ProbeStage stage, ProbeTlsMode tls, string expected)
    {
        var verdict = ProbeFailureClassifier.Classify(new TimeoutException(), Context(stage) with { Tls = tls });

        Assert.Equal(expected, verdict?.Detail);
    }

    [Fact]
    internal void Classify_TimeoutWhileChecking_NamesTheCheck()
    {
        var verdict = ProbeFailureClassifier.Classify(new TimeoutException(), Context(ProbeStage.Checking) with { Check = "the UIDL command" });

        Assert.Equal("the server did not answer the UIDL command within 2.5 s", verdict?.Detail);
    }

    [Fact]
    internal void Classify_ImplicitTlsHandshakeFailure_HintsAtThePort()
    {
        var exception = new SslHandshakeException("handshake", new IOException("Cannot determine the frame size or a corrupted frame was received."));

        var verdict = ProbeFailureClassifier.Classify(exception, Context(ProbeStage.SessionSetup) with { Tls = ProbeTlsMode.Implicit });

        Assert.Equal(
            "the TLS handshake failed: Cannot determine the frame size or a corrupted frame was received. (does this port speak implicit TLS? 995, 993 and 465 do; 110, 143, 587 and 25 need StartTls or None); the probe speaks TLS 1.2 and 1.3 only",
            verdict?.Detail);
    }

    [Fact]
    internal void Classify_SmtpReplyOutsideLogin_OnlyItsCode()
    {
        var exception = new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.TransactionFailed, "go away\r\nnow");

        var verdict = ProbeFailureClassifier.Classify(exception, Context(ProbeStage.SessionSetup) with { Protocol = "SMTP" });

        Assert.Equal("the server answered with 554 during the SMTP greeting", verdict?.Detail);
    }

    [Theory]
    [MemberData(nameof(EchoingServers))]
    internal void Classify_ServerText_NeverRepeated(Exception exception, string stage)
    {
        var verdict = ProbeFailureClassifier.Classify(exception, Context(Enum.Parse<ProbeStage>(stage)));

        Assert.NotNull(verdict);
        Assert.DoesNotContain("hunter2", verdict.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<Exception, string> EchoingServers => new()
    {
        { new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.AuthenticationInvalidCredentials, "bad password hunter2"), nameof(ProbeStage.Authenticating) },
        { new Pop3ProtocolException("Unexpected response from server: hunter2"), nameof(ProbeStage.Authenticating) },
        { new Pop3CommandException("PASS hunter2 refused"), nameof(ProbeStage.Authenticating) },
        { new MailKit.Security.AuthenticationException("535: hunter2"), nameof(ProbeStage.Authenticating) },
        { new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "SSH-2.0-OpenSSH hunter2"), nameof(ProbeStage.SessionSetup) },
        { new Pop3ProtocolException("Unexpected greeting from server: SSH-2.0-OpenSSH hunter2"), nameof(ProbeStage.SessionSetup) },
        { new ImapCommandException(ImapCommandResponse.No, "hunter2"), nameof(ProbeStage.Checking) },
        { new ImapProtocolException("Syntax error in response: hunter2"), nameof(ProbeStage.SessionSetup) },
    };

    private static Exception Failure(string name) => name switch
    {
        "timeout" => new TimeoutException("Operation timed out after 1000 milliseconds"),
        "cancelled" => new OperationCanceledException(),
        "handshake cancelled" => new SslHandshakeException("handshake", new OperationCanceledException()),
        "handshake bad frame" => new SslHandshakeException("handshake", new IOException("Cannot determine the frame size")),
        "authentication" => new MailKit.Security.AuthenticationException(),
        "fallback refused" => new LoginFallbackRefusedException(),
        "host not found" => new SocketException((int)SocketError.HostNotFound),
        "no data" => new SocketException((int)SocketError.NoData),
        "try again" => new SocketException((int)SocketError.TryAgain),
        "refused" => new SocketException((int)SocketError.ConnectionRefused),
        "socket timed out" => new SocketException((int)SocketError.TimedOut),
        "network unreachable" => new SocketException((int)SocketError.NetworkUnreachable),
        "reset" => new IOException("reset", new SocketException((int)SocketError.ConnectionReset)),
        "broken pipe" => new IOException("broken pipe"),
        "not connected" => new ServiceNotConnectedException(),
        "imap disconnected" => new ImapProtocolException("The IMAP server has unexpectedly disconnected."),
        "pop3 bad greeting" => new Pop3ProtocolException("Unexpected greeting from server: HTTP/1.1 400 Bad Request"),
        "pop3 command failed" => new Pop3CommandException("POP3 server did not respond with a +OK response to the STAT command."),
        "smtp 421" => new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "no service"),
        "smtp 454" => new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.TemporaryAuthenticationFailure, "try later"),
        "sasl" => new SaslException("PLAIN", SaslErrorCode.InvalidChallenge, "bad challenge"),
        "address not allowed" => new AddressNotAllowedException(["loopback"]),
        "receive limit" => new ReceiveLimitExceededException(ProbeStream.StepLimit),
        "starttls not supported" => new NotSupportedException("The SMTP server does not support the STARTTLS extension."),
#pragma warning disable CA2201 // the very exception a bug in a probe throws
        "null reference" => new NullReferenceException(),
#pragma warning restore CA2201
        "invalid operation" => new InvalidOperationException("surprise"),
        _ => new ArgumentException("surprise"),
    };

    private static ProbeFailureContext Context(ProbeStage stage) =>
        new(stage, "POP3", ProbeTlsMode.None, TimeSpan.FromSeconds(2.5));
}
