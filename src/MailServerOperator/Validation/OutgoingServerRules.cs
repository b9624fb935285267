using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Rules of <c>spec.outgoing</c>: endpoint, authentication and message size.</summary>
internal static class OutgoingServerRules
{
    private const string Path = "spec.outgoing";

    public static void Check(OutgoingServer outgoing, List<ValidationIssue> issues)
    {
        var tls = outgoing.EffectiveTls();
        EndpointRules.Check(new ServerEndpoint(Path, outgoing.Host, outgoing.Port, outgoing.Tls, tls, outgoing.EffectivePort()), issues);
        if (outgoing.EffectiveMechanism() == SmtpAuthMechanism.None)
        {
            issues.Add(ValidationIssue.Warning(
                Path + ".authentication.mechanism",
                "mechanism: None sends mail without SMTP AUTH; SMTP AUTH is recommended"));
        }

        MessageSizeRules.Check(Path + ".maxMessageSize", outgoing.MaxMessageSize, issues);
    }
}
