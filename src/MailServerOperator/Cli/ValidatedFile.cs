using MailServerOperator.Manifests;

namespace MailServerOperator.Cli;

/// <summary>The outcome for one file: its MailServers, the documents of other kinds it held, and any problems reading it.</summary>
internal sealed record ValidatedFile(
    string Source,
    IReadOnlyList<ValidatedMailServer> MailServers,
    int OtherDocuments,
    IReadOnlyList<ManifestProblem> Problems);
