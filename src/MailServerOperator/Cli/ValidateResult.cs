using MailServerOperator.Manifests;

namespace MailServerOperator.Cli;

/// <summary>The outcome of <c>validate</c> over all the paths given, with its totals and exit code.</summary>
internal sealed record ValidateResult(IReadOnlyList<ValidatedFile> Files)
{
    public const int ExitValid = 0;
    public const int ExitInvalid = 1;
    public const int ExitUsageOrIo = 2;

    public IEnumerable<ValidatedMailServer> MailServers => Files.SelectMany(file => file.MailServers);

    public IEnumerable<ManifestProblem> Problems => Files.SelectMany(file => file.Problems);

    public int MailServerCount => MailServers.Count();

    public int InvalidCount => MailServers.Count(server => server.Report.HasErrors);

    public int ValidCount => MailServerCount - InvalidCount;

    public int ErrorCount => MailServers.Sum(server => server.Report.Errors.Count);

    public int WarningCount => MailServers.Sum(server => server.Report.Warnings.Count);

    public int OtherDocumentCount => Files.Sum(file => file.OtherDocuments);

    public int MalformedCount => Problems.Count(problem => problem.Kind == ManifestProblemKind.Malformed);

    public int UnreadableCount => Problems.Count(problem => problem.Kind == ManifestProblemKind.Unreadable);

    /// <summary>2 when a path could not be read, else 1 when any MailServer has an error or any document is malformed, else 0.</summary>
    public int ExitCode =>
        UnreadableCount > 0 ? ExitUsageOrIo
        : InvalidCount > 0 || MalformedCount > 0 ? ExitInvalid
        : ExitValid;
}
