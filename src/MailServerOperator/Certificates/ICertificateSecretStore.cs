namespace MailServerOperator.Certificates;

/// <summary>The Secrets (by name, in the operator's namespace) where the replicas share the CA and serving certificate.</summary>
internal interface ICertificateSecretStore
{
    /// <summary>The Secret, read from the apiserver now, or null when it does not exist.</summary>
    Task<CertificateSecret?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>False when another replica created it first.</summary>
    Task<bool> CreateAsync(string name, IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken);

    /// <summary>False when another replica changed it since <paramref name="resourceVersion"/>.</summary>
    Task<bool> UpdateAsync(string name, IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken);
}
