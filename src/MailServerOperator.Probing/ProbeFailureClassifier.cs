using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailServerOperator.Probing;

/// <summary>
/// Turns an exception that ended a probe into a <see cref="ProbeVerdict"/>: a reason and a message a person can act
/// on. Messages are the operator's own words: nothing the server sent (banner, reply text) is copied into them, only
/// reply codes and the stage. An exception that says nothing about the network or the server (a bug in the operator)
/// is not classified: blaming the user's server for it would be a lie.
/// </summary>
internal static class ProbeFailureClassifier
{
    /// <summary>The verdict, or null when <paramref name="exception"/> is not a network or server failure.</summary>
    public static ProbeVerdict? Classify(Exception exception, ProbeFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);

        if (Find<OperationCanceledException>(exception) is not null || Find<TimeoutException>(exception) is not null)
        {
            return new(ProbeReason.Timeout, TimeoutDetail(context));
        }

        if (context.CertificateProblem is { } problem)
        {
            return new(ProbeReason.CertificateInvalid, problem);
        }

        // Raised below TLS, so SslStream may have wrapped it.
        if (Find<ReceiveLimitExceededException>(exception) is { } limit)
        {
            return new(ProbeReason.ProtocolError,
                $"the server sent more than {ProbeText.Bytes(limit.Limit)} {During(context)}, far more than any mail server needs; the probe stopped reading");
        }

        return exception switch
        {
            AddressNotAllowedException refused => new(ProbeReason.AddressNotAllowed, AddressNotAllowedDetail(refused)),
            SslHandshakeException => new(ProbeReason.TlsHandshakeFailed, TlsHandshakeDetail(exception, context)),
            // SaslException is an AuthenticationException: a malformed exchange is not a rejected password.
            SaslException => new(ProbeReason.ProtocolError, "the server's SASL exchange during the login is not valid"),
            LoginFallbackRefusedException or AuthenticationException when context.Stage == ProbeStage.Authenticating =>
                new(ProbeReason.AuthenticationFailed, "the server rejected the probe credentials (one login attempt); check the user name and password"),
            _ when Find<SocketException>(exception) is { } socket => FromSocket(socket, context),
            ServiceNotConnectedException => new(ProbeReason.ConnectionFailed, $"the server closed the connection {During(context)}"),
            // MailKit reports a connection closed by the server as a ProtocolException with this text.
            ProtocolException when exception.Message.Contains("unexpectedly disconnected", StringComparison.OrdinalIgnoreCase) =>
                new(ProbeReason.ConnectionFailed, $"the server closed the connection {During(context)}"),
            ProtocolException => new(ProbeReason.ProtocolError, ProtocolDetail(context)),
            SmtpCommandException or CommandException when context.Stage == ProbeStage.StartingTls =>
                new(ProbeReason.TlsHandshakeFailed, $"the server offers {StartTlsCommand(context.Protocol)} but refused it{Code(exception)}; the probe does not continue without TLS"),
            SmtpCommandException smtp => FromSmtpCommand(smtp, context),
            CommandException => new(ProbeReason.ProtocolError, context.Stage == ProbeStage.Authenticating
                ? "the server rejected a command during the login"
                : $"the server rejected a command {During(context)}"),
            // MailKit's answer to SecureSocketOptions.StartTls when the server does not offer it.
            NotSupportedException when context.Stage == ProbeStage.SessionSetup && context.Tls == ProbeTlsMode.StartTls =>
                new(ProbeReason.StartTlsNotOffered, StartTlsNotOfferedDetail(context.Protocol)),
            NotSupportedException => new(ProbeReason.ProtocolError, $"the server does not support a command the probe needs {During(context)}"),
            IOException => new(ProbeReason.ConnectionFailed, $"the connection broke {During(context)}"),
            _ => null,
        };
    }

    /// <summary>"TLS mode StartTls is configured, but the server does not offer STLS (use Implicit on the POP3S port, usually 995)".</summary>
    public static string StartTlsNotOfferedDetail(string protocol) =>
        $"TLS mode StartTls is configured, but the server does not offer {StartTlsCommand(protocol)} (use Implicit on the {ImplicitTlsPort(protocol)})";

    private static string StartTlsCommand(string protocol) => protocol == "POP3" ? "STLS" : "STARTTLS";

    private static string ImplicitTlsPort(string protocol) => protocol switch
    {
        "POP3" => "POP3S port, usually 995",
        "IMAP4" => "IMAPS port, usually 993",
        _ => "submissions port, usually 465",
    };

    private static string AddressNotAllowedDetail(AddressNotAllowedException refused) =>
        $"the host's addresses are not public ({string.Join(", ", refused.Kinds)}), and the operator probes only public addresses: nothing was sent " +
        "(the operator's administrator can allow a network with --probe-allow-network)";

    private static ProbeVerdict FromSocket(SocketException socket, ProbeFailureContext context) => socket.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData =>
            new(ProbeReason.DnsFailure, "the host name does not resolve (no such name or no address)"),
        SocketError.TryAgain or SocketError.NoRecovery =>
            new(ProbeReason.DnsFailure, $"the DNS lookup failed ({socket.SocketErrorCode}); the resolver may be unreachable"),
        SocketError.ConnectionRefused =>
            new(ProbeReason.ConnectionRefused, "the connection was refused: nothing listens on this port (check host, port and firewall)"),
        SocketError.TimedOut => new(ProbeReason.Timeout, TimeoutDetail(context)),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown =>
            new(ProbeReason.ConnectionFailed, $"the server reset the connection {During(context)}"),
        _ => new(ProbeReason.ConnectionFailed, $"the connection failed {During(context)} ({socket.SocketErrorCode})"),
    };

    private static ProbeVerdict FromSmtpCommand(SmtpCommandException smtp, ProbeFailureContext context) =>
        context.Stage == ProbeStage.Authenticating
            ? new(ProbeReason.AuthenticationFailed, $"the server rejected the login{Code(smtp)} (one login attempt)")
            : new(ProbeReason.ProtocolError, $"the server answered{Code(smtp)} {During(context)}");

    /// <summary>" with 454" for an SMTP reply; the code is the only part of a reply that goes into a message.</summary>
    private static string Code(Exception exception) => exception is SmtpCommandException smtp
        ? " with " + ((int)smtp.StatusCode).ToString(CultureInfo.InvariantCulture)
        : string.Empty;

    private static string ProtocolDetail(ProbeFailureContext context) =>
        context.Stage == ProbeStage.Authenticating
            ? $"the server's answer during the login is not valid {context.Protocol}"
            : $"the server's answer {During(context)} is not valid {context.Protocol}";

    /// <summary>The cause is the TLS library's own text (never the server's), kept to safe characters.</summary>
    private static string TlsHandshakeDetail(Exception exception, ProbeFailureContext context)
    {
        var cause = ProbeText.Sanitize(Innermost(exception).Message);
        var hint = context.Tls == ProbeTlsMode.Implicit
            ? " (does this port speak implicit TLS? 995, 993 and 465 do; 110, 143, 587 and 25 need StartTls or None)"
            : string.Empty;
        return $"the TLS handshake failed: {cause}{hint}; the probe speaks TLS 1.2 and 1.3 only";
    }

    private static string TimeoutDetail(ProbeFailureContext c)
    {
        var within = ProbeText.Duration(c.StageElapsed);
        return c.Stage switch
        {
            ProbeStage.Resolving => $"the DNS lookup did not finish within {within}",
            ProbeStage.Connecting => $"the TCP connection was not accepted within {within} (a firewall may be dropping the packets)",
            ProbeStage.SessionSetup when c.Tls == ProbeTlsMode.Implicit =>
                $"the server accepted the connection but did not complete the TLS handshake and {c.Protocol} greeting within {within}",
            ProbeStage.SessionSetup => $"the server accepted the connection but did not complete the {c.Protocol} greeting{(c.Tls == ProbeTlsMode.StartTls ? ", capabilities and STARTTLS" : " and capabilities")} within {within}",
            ProbeStage.StartingTls => $"the server did not complete {StartTlsCommand(c.Protocol)} and the TLS handshake within {within}",
            ProbeStage.Authenticating => $"the login did not finish within {within}",
            _ => $"the server did not answer {c.Check ?? "the check"} within {within}",
        };
    }

    private static string During(ProbeFailureContext c) => c.Stage switch
    {
        ProbeStage.Resolving => "during the DNS lookup",
        ProbeStage.Connecting => "while connecting",
        ProbeStage.SessionSetup => $"during the {c.Protocol} greeting",
        ProbeStage.StartingTls => $"during {StartTlsCommand(c.Protocol)}",
        ProbeStage.Authenticating => "during the login",
        _ => $"while checking {c.Check ?? "the server"}",
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
