using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>A MailServer document and what the validator said about it.</summary>
internal sealed record ValidatedMailServer(ManifestDocument Document, ValidationReport Report)
{
    /// <summary><c>namespace/name</c>, or just the name when the document has no namespace.</summary>
    public string ObjectName
    {
        get
        {
            var name = Document.Name ?? "(no name)";
            return Document.Namespace is { Length: > 0 } ns ? $"{ns}/{name}" : name;
        }
    }
}
