using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Rules shared by the incoming and the outgoing server: host, port, and TLS mode against port.</summary>
internal static class EndpointRules
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    public static void Check(ServerEndpoint endpoint, List<ValidationIssue> issues)
    {
        var hostField = endpoint.Path + ".host";
        var portField = endpoint.Path + ".port";
        if (endpoint.Host is null)
        {
            issues.Add(ValidationIssue.Error(hostField, "required: the server's DNS name or IP address"));
        }
        else if (HostAddress.Problem(endpoint.Host, portField) is { } hostProblem)
        {
            issues.Add(ValidationIssue.Error(hostField, hostProblem));
        }

        if (endpoint.Port is < MinPort or > MaxPort)
        {
            issues.Add(ValidationIssue.Error(portField, $"must be between {MinPort} and {MaxPort} (not {endpoint.Port})"));
        }
        else if (endpoint.EffectivePort is { } port && TlsPortMismatch(endpoint, port) is { } mismatch)
        {
            // Both fields are involved; blame tls when the user wrote it, the port otherwise (the tls default then applies).
            issues.Add(ValidationIssue.Error(endpoint.Tls is null ? portField : endpoint.Path + ".tls", mismatch));
        }

        if (endpoint.Tls == TlsMode.None)
        {
            issues.Add(ValidationIssue.Warning(
                endpoint.Path + ".tls",
                "tls: None sends user names, passwords and mail in clear text; use StartTls or Implicit"));
        }
    }

    private static string? TlsPortMismatch(ServerEndpoint endpoint, int port)
    {
        var tls = endpoint.Tls is null ? $"tls defaults to {endpoint.EffectiveTls}, which" : $"tls: {endpoint.EffectiveTls}";
        var other = WellKnownPorts.Counterpart(port);
        if (WellKnownPorts.IsImplicitTlsPort(port) && endpoint.EffectiveTls != TlsMode.Implicit)
        {
            var plainUse = endpoint.EffectiveTls == TlsMode.StartTls ? "STARTTLS" : "a plain-text connection";
            return $"{tls} can never connect to port {port}, where the server starts TLS at once: set tls: Implicit, or use port {other} for {plainUse}";
        }

        if (WellKnownPorts.IsPlainTextPort(port) && endpoint.EffectiveTls == TlsMode.Implicit)
        {
            return $"{tls} can never connect to port {port}, where the server greets in plain text: set tls: StartTls, or use port {other} for implicit TLS";
        }

        return null;
    }
}
