namespace MailServerOperator.Manifests;

/// <summary>A file, or a document in it, that could not be read; <see cref="Line"/> is 1-based, or 0 when the whole file is meant.</summary>
internal sealed record ManifestProblem(string Source, int Line, string Message, ManifestProblemKind Kind)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}: {Message}" : $"{Source}: {Message}";
}
