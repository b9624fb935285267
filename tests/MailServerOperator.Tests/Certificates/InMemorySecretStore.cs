using System.Globalization;
using MailServerOperator.Certificates;

namespace MailServerOperator.Tests.Certificates;

/// <summary>A Secret with the apiserver's optimistic concurrency: a write against an old version, or a second create, loses.</summary>
internal sealed class InMemorySecretStore : ICertificateSecretStore
{
    private Dictionary<string, byte[]>? _data;
    private int _version;

    /// <summary>Runs between a replica's read and its write: another replica may write first.</summary>
    public Func<Task>? BeforeWrite { get; set; }

    public int Writes { get; private set; }

    public IReadOnlyDictionary<string, byte[]>? Data => _data;

    public Task<CertificateSecret?> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_data is null ? null : new CertificateSecret(new Dictionary<string, byte[]>(_data), Version()));

    public async Task<bool> CreateAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        await RunBeforeWriteAsync();
        if (_data is not null)
        {
            return false;
        }

        Write(data);
        return true;
    }

    public async Task<bool> UpdateAsync(IReadOnlyDictionary<string, byte[]> data, string resourceVersion, CancellationToken cancellationToken)
    {
        await RunBeforeWriteAsync();
        if (resourceVersion != Version())
        {
            return false;
        }

        Write(data);
        return true;
    }

    public void Put(IReadOnlyDictionary<string, byte[]> data) => Write(data);

    private async Task RunBeforeWriteAsync()
    {
        var hook = BeforeWrite;
        BeforeWrite = null;
        if (hook is not null)
        {
            await hook();
        }
    }

    private void Write(IReadOnlyDictionary<string, byte[]> data)
    {
        _data = new Dictionary<string, byte[]>(data);
        _version++;
        Writes++;
    }

    private string Version() => _version.ToString(CultureInfo.InvariantCulture);
}
