namespace MailServerOperator.Certificates;

/// <summary>The Secret's data as read, and the version to write against (optimistic concurrency between replicas).</summary>
internal sealed record CertificateSecret(IReadOnlyDictionary<string, byte[]> Data, string ResourceVersion);
