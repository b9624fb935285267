using System.Text.Json;
using MailServerOperator.Api;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>Validates every MailServer document of the files read, counting (and otherwise ignoring) other kinds.</summary>
internal static class ManifestValidation
{
    public static ValidateResult Run(IEnumerable<ManifestFile> files, MailServerValidationOptions? options = null) =>
        new([.. files.Select(file => ValidateFile(file, options ?? MailServerValidationOptions.Default))]);

    private static ValidatedFile ValidateFile(ManifestFile file, MailServerValidationOptions options)
    {
        var mailServers = new List<ValidatedMailServer>();
        var problems = new List<ManifestProblem>(file.Problems);
        var others = 0;
        foreach (var document in file.Documents)
        {
            if (document.Content.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new ManifestProblem(
                    file.Source,
                    document.Line,
                    $"expected a Kubernetes object (a mapping with apiVersion and kind), found {JsonValueDescription.Of(document.Content)}",
                    ManifestProblemKind.Malformed));
            }
            else if (IsMailServer(document))
            {
                mailServers.Add(new ValidatedMailServer(document, MailServerValidator.Validate(document.Content, options)));
            }
            else
            {
                others++;
            }
        }

        return new ValidatedFile(file.Source, mailServers, others, problems);
    }

    /// <summary>
    /// Anything in the mailshare.io group, and any kind MailServer not claimed by another group, is validated as a
    /// MailServer, so that a misspelt apiVersion or kind is reported rather than silently ignored.
    /// </summary>
    public static bool IsMailServer(ManifestDocument document)
    {
        var group = document.ApiVersion is { } apiVersion && apiVersion.Contains('/', StringComparison.Ordinal)
            ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)]
            : null;
        if (string.Equals(group ?? document.ApiVersion, MailServer.Group, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return group is null && string.Equals(document.Kind, MailServer.KindName, StringComparison.OrdinalIgnoreCase);
    }
}
