using System.Text.Json;
using MailServerOperator.Api;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>Validates every MailServer document of the files read, counting (and otherwise ignoring) other kinds.</summary>
internal static class ManifestValidation
{
    public static ValidateResult Run(IEnumerable<ManifestFile> files, MailServerValidationOptions? options = null)
    {
        var validated = files.Select(file => ValidateFile(file, options ?? MailServerValidationOptions.Default)).ToList();
        var byNamespace = validated.SelectMany(file => file.MailServers)
            .Where(server => server.Report.Server?.Spec?.Order is not null && server.Document.Name is not null)
            .ToLookup(server => server.Document.Namespace ?? "", server => Ordered(server), StringComparer.Ordinal);
        return new([.. validated.Select(file => file with { MailServers = [.. file.MailServers.Select(server => WithOrderWarning(server, byNamespace))] })]);
    }

    /// <summary>Two MailServers of one namespace with the same order, in any of the files given, are warned about.</summary>
    private static ValidatedMailServer WithOrderWarning(ValidatedMailServer server, ILookup<string, OrderedServer> byNamespace) =>
        server.Document.Name is not null && OrderRules.Check(Ordered(server), byNamespace[server.Document.Namespace ?? ""]) is { } warning
            ? server with { Report = server.Report with { Issues = [.. server.Report.Issues, warning] } }
            : server;

    private static OrderedServer Ordered(ValidatedMailServer server) => new(
        server.Document.Name!,
        server.Report.Server?.Spec?.Order,
        $"{server.Document.Source}:{server.Document.LineOf(OrderRules.Field)}");

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
                mailServers.Add(new ValidatedMailServer(document, WithNotes(MailServerValidator.Validate(document.Content, options), document)));
            }
            else
            {
                others++;
            }
        }

        return new ValidatedFile(file.Source, mailServers, others, problems);
    }

    /// <summary>How the YAML was read (kubectl's YAML 1.1 where it differs from 1.2) is a warning on the field it concerns.</summary>
    private static ValidationReport WithNotes(ValidationReport report, ManifestDocument document) =>
        document.Notes.Count == 0
            ? report
            : report with { Issues = [.. report.Issues, .. document.Notes.Select(note => ValidationIssue.Warning(note.Field, note.Message))] };

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
