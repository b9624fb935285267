using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// The rules of DESIGN.md ("Rules that the validator enforces") on the typed model: required parts, names, hosts, ports
/// and TLS, retention, sizes and the probe. Pure: the same spec always gives the same issues, in field order.
/// </summary>
internal static class MailServerRules
{
    public const int MaxDisplayNameLength = 64;

    public static IReadOnlyList<ValidationIssue> Validate(MailServer server) => Validate(server, MailServerValidationOptions.Default);

    public static IReadOnlyList<ValidationIssue> Validate(MailServer server, MailServerValidationOptions options)
    {
        var issues = new List<ValidationIssue>();
        CheckMetadata(server, options, issues);
        if (server.Spec is not { } spec)
        {
            issues.Add(ValidationIssue.Error("spec", "required: a MailServer needs displayName, incoming and outgoing"));
            return issues;
        }

        CheckDisplayName(spec.DisplayName, issues);
        if (spec.Incoming is { } incoming)
        {
            IncomingServerRules.Check(incoming, issues);
        }
        else
        {
            issues.Add(ValidationIssue.Error("spec.incoming", "required: every entry has an incoming server (POP3 or IMAP4)"));
        }

        if (spec.Outgoing is { } outgoing)
        {
            OutgoingServerRules.Check(outgoing, issues);
        }
        else
        {
            issues.Add(ValidationIssue.Error("spec.outgoing", "required: every entry has an outgoing (SMTP) server"));
        }

        if (spec.Probe is { } probe)
        {
            ProbeRules.Check(probe, issues);
        }

        PlaintextCredentialsRules.Check(spec, options, issues);

        if (options.AllowReservedNames && ReservedMailServerNames.IsReserved(server.Metadata?.Name))
        {
            // A built-in holds its provider's published settings, which nobody but the operator may change: a warning
            // about them (Gmail's IMAP4 retention, say) is one its reader cannot act on.
            issues.RemoveAll(issue => issue.Severity == ValidationSeverity.Warning);
        }

        return issues;
    }

    private static void CheckMetadata(MailServer server, MailServerValidationOptions options, List<ValidationIssue> issues)
    {
        // A null metadata is possible from JSON ("metadata: null") despite the non-nullable property.
        var name = server.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            if (string.IsNullOrEmpty(server.Metadata?.GenerateName))
            {
                issues.Add(ValidationIssue.Error("metadata.name", "required"));
            }
        }
        else if (KubernetesNames.SubdomainProblem(name) is { } nameProblem)
        {
            issues.Add(ValidationIssue.Error("metadata.name", nameProblem));
        }
        else if (ReservedMailServerNames.IsReserved(name) && !options.AllowReservedNames)
        {
            issues.Add(ValidationIssue.Error(
                "metadata.name",
                $"\"{name}\" is reserved for the built-in entry that the operator creates in every namespace; choose another name"));
        }

        if (!ReservedMailServerNames.IsReserved(name) && server.Metadata?.Labels?.ContainsKey(BuiltInServers.BuiltInLabel) == true)
        {
            issues.Add(ValidationIssue.Error(
                FieldPath.Child("metadata.labels", BuiltInServers.BuiltInLabel),
                $"only the built-in entries {ReservedMailServerNames.Gmail} and {ReservedMailServerNames.ExchangeOnline} carry this label: remove it"));
        }

        if (server.Metadata?.NamespaceProperty is { Length: > 0 } ns && KubernetesNames.LabelProblem(ns) is { } nsProblem)
        {
            issues.Add(ValidationIssue.Error("metadata.namespace", nsProblem));
        }
    }

    private static void CheckDisplayName(string? displayName, List<ValidationIssue> issues)
    {
        if (displayName is null)
        {
            issues.Add(ValidationIssue.Error("spec.displayName", "required: the name shown to mailbox users (1 to 64 characters)"));
        }
        else if (displayName.Trim().Length == 0)
        {
            issues.Add(ValidationIssue.Error("spec.displayName", "must not be empty or only spaces"));
        }
        else if (displayName.EnumerateRunes().Count() is var length && length > MaxDisplayNameLength)
        {
            issues.Add(ValidationIssue.Error(
                "spec.displayName",
                $"must be at most {MaxDisplayNameLength} characters (it has {length})"));
        }
    }
}
