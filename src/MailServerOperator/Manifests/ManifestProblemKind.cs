namespace MailServerOperator.Manifests;

internal enum ManifestProblemKind
{
    /// <summary>The path does not exist or cannot be read (an I/O problem).</summary>
    Unreadable,

    /// <summary>The text is not valid YAML, or holds something JSON cannot represent.</summary>
    Malformed,
}
