using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MailServerOperator.Api;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using MailServerOperator.Status;
using MailServerOperator.Validation;

namespace MailServerOperator.Benchmarks;

/// <summary>
/// The operator's own CPU per reconcile of a new server, step by step (the watch event read into the cache, validation,
/// the status and its patch, the PATCH's echo read back), as a ratio to the floor: parsing the object's JSON once, the
/// least any client must do with it. HTTP, TLS and the API server are outside (bench/e2e.sh measures them).
/// </summary>
[MemoryDiagnoser]
public class ReconcilePathBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly MailServerValidationOptions Options = new();
    private byte[] _created = null!;
    private byte[] _echo = null!;
    private MailServerObject _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        _created = Encoding.UTF8.GetBytes(BenchmarkDocuments.Created);
        _current = Decode(_created);
        var status = Status(_current);
        var echo = JsonSerializer.SerializeToNode(JsonDocument.Parse(_created).RootElement)!.AsObject();
        echo["status"] = JsonSerializer.SerializeToNode(status, MailServerJson.Options);
        echo["metadata"]!["resourceVersion"] = "1001";
        _echo = Encoding.UTF8.GetBytes(echo.ToJsonString());
    }

    [Benchmark(Baseline = true)]
    public int Floor_ParseOnce()
    {
        using var document = JsonDocument.Parse(_created);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public object DecodeWatchEvent() => Decode(_created);

    [Benchmark]
    public int Validate() => MailServerValidator.Validate(_current.Raw, Options).Issues.Count;

    [Benchmark]
    public int BuildStatusPatch() => MailServerWriter.StatusPatch(_current, Status(_current)).Length;

    [Benchmark]
    public object DecodeEcho() => Decode(_echo);

    /// <summary>Everything above, once: the operator's CPU per new server outside HTTP.</summary>
    [Benchmark]
    public int Reconcile()
    {
        var current = Decode(_created);
        var patch = MailServerWriter.StatusPatch(current, Status(current));
        var echo = Decode(_echo);
        return patch.Length + echo.ResourceVersion.Length;
    }

    private static MailServerObject Decode(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return MailServerObject.From(document.RootElement);
    }

    private static MailServerStatus Status(MailServerObject current) => StatusBuilder.Build(new StatusInputs
    {
        Generation = current.Generation,
        Issues = MailServerValidator.Validate(current.Raw, Options).Issues,
        Position = 12,
        IncomingEndpoint = current.Server.Spec?.Incoming?.DisplayEndpoint(),
        OutgoingEndpoint = current.Server.Spec?.Outgoing?.DisplayEndpoint(),
        VerificationEnabled = false,
        Previous = current.Server.Status,
        Now = Now,
    });
}
