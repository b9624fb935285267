using System.Globalization;
using MailServerOperator.Certificates;

namespace MailServerOperator.Tests.Certificates;

/// <summary>Secrets with the apiserver's optimistic concurrency: a write against an old version, or a second create, loses.</summary>
internal sealed class InMemorySecretStore : ICertificateSecretStore
{
    private readonly Dictionary<string, (Dictionary<string, byte[]> Data, int Version)> _secrets = new(StringComparer.Ordinal);

    /// <summary>Runs between a replica's read and its write: another replica may write first.</summary>
    public Func<Task>? BeforeWrite { get; set; }

    public int Writes { get; private set; }

    public IReadOnlyDictionary<string, byte[]>? this[string name] => _secrets.TryGetValue(name, out var secret) ? secret.Data : null;

    public Task<CertificateSecret?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.TryGetValue(name, out var secret) ? new CertificateSecret(new Dictionary<string, byte[]>(secret.Data), Version(secret.Version)) : null);

    public async Task<bool> CreateAsync(string name, IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        await RunBeforeWriteAsync();
        if (_secrets.ContainsKey(name))
        {
            return false;
        }

        Put(name, data);
        return true;
    }

    public async Task<bool> UpdateAsync(string name, IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken)
    {
        await RunBeforeWriteAsync();
        if (!_secrets.TryGetValue(name, out var secret) || resourceVersion != Version(secret.Version))
        {
            return false;
        }

        Put(name, data);
        return true;
    }

    public void Put(string name, IReadOnlyDictionary<string, byte[]> data)
    {
        var version = _secrets.TryGetValue(name, out var secret) ? secret.Version + 1 : 1;
        _secrets[name] = (new Dictionary<string, byte[]>(data), version);
        Writes++;
    }

    private async Task RunBeforeWriteAsync()
    {
        var hook = BeforeWrite;
        BeforeWrite = null;
        if (hook is not null)
        {
            await hook();
        }
    }

    private static string Version(int version) => version.ToString(CultureInfo.InvariantCulture);
}
