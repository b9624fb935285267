namespace MailServerOperator.Manifests;

/// <summary>Something about how a field was read that its author should know (a YAML 1.1 reading, say), addressed by field path.</summary>
internal sealed record ManifestNote(string Field, string Message);
