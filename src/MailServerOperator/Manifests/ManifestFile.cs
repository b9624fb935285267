namespace MailServerOperator.Manifests;

/// <summary>What one file held: its documents (in order) and the problems met while reading it.</summary>
internal sealed record ManifestFile(string Source, IReadOnlyList<ManifestDocument> Documents, IReadOnlyList<ManifestProblem> Problems);
