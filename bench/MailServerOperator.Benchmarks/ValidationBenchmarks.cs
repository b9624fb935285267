using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Benchmarks;

/// <summary>
/// The validation that the webhook and the reconciler run on every MailServer, as a ratio to the floor: reading the
/// same document into the typed model, which any handling of the object must do anyway.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private JsonDocument _document = null!;

    [GlobalSetup]
    public void Setup() => _document = JsonDocument.Parse(BenchmarkDocuments.ExampleIsp);

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Baseline = true)]
    public object? Floor_Deserialize() => _document.RootElement.Deserialize<MailServer>(MailServerJson.Options);

    [Benchmark]
    public int CrdSchema() => CrdSchemaValidator.Validate(_document.RootElement).Count;

    [Benchmark]
    public int FullValidator() => MailServerValidator.Validate(_document.RootElement).Issues.Count;
}
