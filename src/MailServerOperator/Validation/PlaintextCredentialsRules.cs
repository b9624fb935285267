using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// Probe credentials never travel in clear text: with <c>spec.probe.credentialsSecretRef</c>, a server the probe logs in
/// to (the incoming one always, the outgoing one when it authenticates with the account's credentials) must use TLS,
/// unless the operator runs with <see cref="AllowFlag"/>.
/// </summary>
internal static class PlaintextCredentialsRules
{
    public const string AllowFlag = "--allow-plaintext-credentials";

    public static void Check(MailServerSpec spec, MailServerValidationOptions options, List<ValidationIssue> issues)
    {
        if (options.AllowPlaintextCredentials || spec.Probe?.CredentialsSecretRef is null)
        {
            return;
        }

        if (spec.Incoming is { } incoming && incoming.EffectiveTls() == TlsMode.None)
        {
            Refuse("spec.incoming.tls", issues);
        }

        if (spec.Outgoing is { } outgoing && outgoing.EffectiveTls() == TlsMode.None && outgoing.LogsInWithAccountCredentials())
        {
            Refuse("spec.outgoing.tls", issues);
        }
    }

    private static void Refuse(string field, List<ValidationIssue> issues)
    {
        // A tls that can never connect on its port is the first thing to fix; one error a field.
        if (!issues.Any(issue => issue.Field == field && issue.Severity == ValidationSeverity.Error))
        {
            issues.Add(ValidationIssue.Error(
                field,
                "tls: None would send the probe's login (spec.probe.credentialsSecretRef) in clear text: use StartTls or Implicit, " +
                $"or remove the credentials (the operator accepts this only when run with {AllowFlag})"));
        }
    }
}
