using System.Collections.Concurrent;
using MailServerOperator.Certificates;

namespace MailServerOperator.Tests.Certificates;

/// <summary>A webhook configuration that records every caBundle published to it.</summary>
internal sealed class RecordingPublisher : ICaBundlePublisher
{
    private readonly ConcurrentQueue<byte[]> _published = new();

    public bool ConfigurationExists { get; set; } = true;

    /// <summary>What every publication answers instead (Conflict, NewerPublished), writing nothing.</summary>
    public CaBundlePublication? Refusal { get; set; }

    public IReadOnlyList<byte[]> Published => [.. _published];

    public byte[]? Current { get; private set; }

    public Task<CaBundlePublication> PublishAsync(byte[] caBundle, CancellationToken cancellationToken)
    {
        if (Refusal is { } refusal)
        {
            return Task.FromResult(refusal);
        }

        if (!ConfigurationExists)
        {
            return Task.FromResult(CaBundlePublication.ConfigurationMissing);
        }

        if (Current is not null && Current.AsSpan().SequenceEqual(caBundle))
        {
            return Task.FromResult(CaBundlePublication.Unchanged);
        }

        Current = caBundle;
        _published.Enqueue(caBundle);
        return Task.FromResult(CaBundlePublication.Updated);
    }
}
