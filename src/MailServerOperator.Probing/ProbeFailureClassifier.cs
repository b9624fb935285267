using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailServerOperator.Probing;

/// <summary>
/// Turns an exception that ended a probe into a <see cref="ProbeVerdict"/>: a reason and a message a person can act
/// on. MailKit's exceptions never reach the caller, and their texts are used only where they are the server's own
/// words outside the login (no secret can be in them). Any other exception (a bug) is rethrown with its stack, for
/// the caller to report as the operator's error rather than the server's.
/// </summary>
internal static class ProbeFailureClassifier
{
    public static ProbeVerdict Classify(Exception exception, ProbeFailureContext context)
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

        return exception switch
        {
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
            ProtocolException => new(ProbeReason.ProtocolError, ProtocolDetail(exception, context)),
            SmtpCommandException smtp => FromSmtpCommand(smtp, context),
            CommandException => new(ProbeReason.ProtocolError, CommandDetail(exception, context)),
            IOException => new(ProbeReason.ConnectionFailed, $"the connection broke {During(context)}"),
            // Anything else is a bug of the operator, not a finding about the server: it leaves the probe with its stack.
            _ => Rethrow(exception),
        };
    }

    private static ProbeVerdict Rethrow(Exception exception)
    {
        ExceptionDispatchInfo.Throw(exception);
        throw new UnreachableException();
    }

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

    private static ProbeVerdict FromSmtpCommand(SmtpCommandException smtp, ProbeFailureContext context)
    {
        var code = ((int)smtp.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (context.Stage == ProbeStage.Authenticating)
        {
            // The server's words about a login are not repeated: nothing the client sent may come back in a message.
            return new(ProbeReason.AuthenticationFailed, $"the server rejected the login with {code} (one login attempt)");
        }

        return new(ProbeReason.ProtocolError, $"the server answered {code} {ProbeText.ServerText(smtp.Message)} {During(context)}");
    }

    private static string ProtocolDetail(Exception exception, ProbeFailureContext context) =>
        context.Stage == ProbeStage.Authenticating
            ? $"the server's answer during the login is not valid {context.Protocol}"
            : $"the server's answer {During(context)} is not valid {context.Protocol}: {ProbeText.ServerText(exception.Message)}";

    private static string CommandDetail(Exception exception, ProbeFailureContext context) =>
        context.Stage == ProbeStage.Authenticating
            ? "the server rejected a command during the login"
            : $"the server rejected a command {During(context)}: {ProbeText.ServerText(exception.Message)}";

    private static string TlsHandshakeDetail(Exception exception, ProbeFailureContext context)
    {
        var cause = Innermost(exception).Message;
        var hint = context.Tls == ProbeTlsMode.Implicit
            ? " (does this port speak implicit TLS? 995, 993 and 465 do; 110, 143, 587 and 25 need StartTls or None)"
            : string.Empty;
        return $"the TLS handshake failed: {ProbeText.ServerText(cause)}{hint}";
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
            ProbeStage.Authenticating => $"the login did not finish within {within}",
            _ => $"the server did not answer {c.Check ?? "the check"} within {within}",
        };
    }

    private static string During(ProbeFailureContext c) => c.Stage switch
    {
        ProbeStage.Resolving => "during the DNS lookup",
        ProbeStage.Connecting => "while connecting",
        ProbeStage.SessionSetup => $"during the {c.Protocol} greeting",
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
