using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Rules of <c>spec.probe</c>: a sane interval and a well-formed Secret reference.</summary>
internal static class ProbeRules
{
    private const string Path = "spec.probe";

    public static void Check(ProbeSpec probe, List<ValidationIssue> issues)
    {
        if (probe.Interval is { } text)
        {
            var min = ProbeSpecExtensions.MinimumInterval;
            var max = ProbeSpecExtensions.MaximumInterval;
            if (!GoDuration.TryParse(text, out var interval))
            {
                issues.Add(ValidationIssue.Error(Path + ".interval", $"must be a duration such as 90s, 5m or 1h30m (not \"{text}\")"));
            }
            else if (interval < min || interval > max)
            {
                issues.Add(ValidationIssue.Error(
                    Path + ".interval",
                    $"must be between {min.TotalSeconds:0}s and {max.TotalHours:0}h (not {text}): more often strains the mail servers, less often hides outages"));
            }
        }

        if (probe.CredentialsSecretRef is { } secretRef)
        {
            const string nameField = Path + ".credentialsSecretRef.name";
            if (string.IsNullOrEmpty(secretRef.Name))
            {
                issues.Add(ValidationIssue.Error(nameField, "required: the name of a Secret in this namespace with keys username and password"));
            }
            else if (KubernetesNames.SubdomainProblem(secretRef.Name) is { } problem)
            {
                issues.Add(ValidationIssue.Error(nameField, problem));
            }
        }
    }
}
