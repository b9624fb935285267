using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Status;

namespace MailServerOperator.Benchmarks;

/// <summary>
/// The pure part of one reconcile in a namespace of N servers (ordering, building the status, deciding whether to
/// write), as a ratio to the floor: serializing the status once, the least any write-or-skip decision costs.
/// </summary>
[MemoryDiagnoser]
public class ReconcileBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private OrderEntry[] _entries = null!;
    private MailServerStatus _previous = null!;

    [Params(10, 1000)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _entries = [.. Enumerable.Range(0, Servers).Select(i => new OrderEntry($"server-{i}", i % 7 == 0 ? null : Servers - i, Now.UtcDateTime.AddMinutes(i)))];
        _previous = Build();
    }

    [Benchmark(Baseline = true)]
    public byte[] Floor_SerializeStatus() => JsonSerializer.SerializeToUtf8Bytes(_previous, MailServerJson.Options);

    [Benchmark]
    public int Positions() => DisplayOrder.Positions(_entries)["server-1"];

    [Benchmark]
    public bool BuildAndCompareStatus() => StatusComparer.AreEqual(_previous, Build());

    private MailServerStatus Build() => StatusBuilder.Build(new StatusInputs
    {
        Generation = 3,
        Issues = [],
        Position = DisplayOrder.Positions(_entries)["server-1"],
        IncomingEndpoint = "POP3 pop.example.jp:995",
        OutgoingEndpoint = "smtp.example.jp:587",
        Previous = _previous,
        Now = Now,
    });
}
