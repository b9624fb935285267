namespace MailServerOperator.Manifests;

/// <summary>Valid YAML that cannot become a JSON document (duplicate key, unknown alias, .inf, ...), at a 1-based line.</summary>
internal sealed class ManifestContentException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
