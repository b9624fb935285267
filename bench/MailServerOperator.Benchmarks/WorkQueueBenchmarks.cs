using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using MailServerOperator.Api;
using MailServerOperator.Controller;

namespace MailServerOperator.Benchmarks;

/// <summary>
/// Add, take and finish 10,000 keys (each added twice, so deduplication works), as a ratio to the floor: the same keys
/// through a plain unbounded channel, which neither deduplicates nor tracks keys in flight.
/// </summary>
[MemoryDiagnoser]
public class WorkQueueBenchmarks
{
    private const int Keys = 10_000;
    private readonly ObjectKey[] _keys = [.. Enumerable.Range(0, Keys).Select(i => new ObjectKey("ns", $"server-{i}"))];

    [Benchmark(Baseline = true)]
    public async Task<int> Floor_Channel()
    {
        var channel = Channel.CreateUnbounded<ObjectKey>();
        foreach (var key in _keys)
        {
            channel.Writer.TryWrite(key);
        }

        var taken = 0;
        while (channel.Reader.TryRead(out _))
        {
            taken++;
        }

        await Task.CompletedTask;
        return taken;
    }

    [Benchmark]
    public async Task<int> DeduplicatingQueue()
    {
        using var queue = new WorkQueue(TimeProvider.System, new WorkQueueOptions());
        foreach (var key in _keys)
        {
            queue.Add(key);
            queue.Add(key);
        }

        var taken = 0;
        while (queue.Count > 0 && await queue.GetAsync(CancellationToken.None) is { } key)
        {
            queue.Done(key);
            taken++;
        }

        return taken;
    }
}
