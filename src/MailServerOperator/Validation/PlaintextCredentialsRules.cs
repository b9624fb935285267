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
            issues.Add(Refusal("spec.incoming.tls"));
        }

        if (spec.Outgoing is { } outgoing && outgoing.EffectiveTls() == TlsMode.None && outgoing.LogsInWithAccountCredentials())
        {
            issues.Add(Refusal("spec.outgoing.tls"));
        }
    }

    private static ValidationIssue Refusal(string field) => ValidationIssue.Error(
        field,
        "tls: None would send the probe's login (spec.probe.credentialsSecretRef) in clear text: use StartTls or Implicit, " +
        $"or remove the credentials (the operator accepts this only when run with {AllowFlag})");
}
