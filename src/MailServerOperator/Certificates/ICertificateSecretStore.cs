namespace MailServerOperator.Certificates;

/// <summary>Where the replicas share the CA and serving certificate.</summary>
internal interface ICertificateSecretStore
{
    /// <summary>The Secret, or null when it does not exist.</summary>
    Task<CertificateSecret?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>False when another replica created it first.</summary>
    Task<bool> CreateAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken);

    /// <summary>False when another replica changed it since <paramref name="resourceVersion"/>.</summary>
    Task<bool> UpdateAsync(IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken);
}
