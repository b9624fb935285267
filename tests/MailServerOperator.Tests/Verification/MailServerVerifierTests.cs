using k8s;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Verification;

public sealed class MailServerVerifierTests : IDisposable
{
    private readonly BlockingProber _prober = new();
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue _queue;
    private readonly k8s.Kubernetes _unusedClient = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly MailServerVerifier _verifier;

    public MailServerVerifierTests()
    {
        _queue = new WorkQueue(_time, new WorkQueueOptions());
        _verifier = new MailServerVerifier(
            _prober, new ProbeCredentialsReader(_unusedClient), _queue, new VerificationOptions { MaxConcurrentProbes = 3 }, _time, NullLogger<MailServerVerifier>.Instance);
    }

    [Fact]
    public async Task Start_ManyServers_NeverRunsMoreProbesThanTheBound()
    {
        var keys = Enumerable.Range(0, 10).Select(i => new ObjectKey("ns", $"s{i}")).ToList();
        foreach (var key in keys)
        {
            _verifier.Start(key, Spec("pop.example.jp"), "f");
        }

        // Each released probe frees one slot, which one waiting probe takes: never a fourth at once.
        for (var released = 0; released <= 20 - 3; released++)
        {
            await WaitUntilAsync(() => _prober.Started == released + 3);
            Assert.Equal(3, _prober.Running);
            _prober.ReleaseOne();
        }

        _prober.Release();
        await WaitUntilAsync(() => keys.All(k => _verifier.Latest(k) is not null));
        Assert.Equal(3, _prober.MaxRunning);
        Assert.Equal(20, _prober.Started);
    }

    [Fact]
    public async Task Start_Completes_EnqueuesKeyWithResultDueAfterInterval()
    {
        var key = new ObjectKey("ns", "isp");
        _prober.Release();

        _verifier.Start(key, Spec("pop.example.jp") with { Probe = new ProbeSpec { Interval = "10m" } }, "f1");

        Assert.Equal(key, await _queue.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var outcome = _verifier.Latest(key)!;
        Assert.Equal("f1", outcome.Fingerprint);
        Assert.InRange(outcome.NextDueAt - outcome.CompletedAt, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        Assert.False(_verifier.IsRunning(key));
    }

    [Fact]
    public async Task Start_SameFingerprintWhileRunning_StartsNothingNew()
    {
        var key = new ObjectKey("ns", "isp");
        _verifier.Start(key, Spec("pop.example.jp"), "f1");
        await WaitUntilAsync(() => _prober.Started == 2);

        _verifier.Start(key, Spec("pop.example.jp"), "f1");
        _prober.Release();

        // A second run would have replaced the first, whose result would then be dropped: the result that lands is
        // the second run's, after its own two probes.
        Assert.Equal(key, await _queue.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(_verifier.Latest(key));
        Assert.Equal(2, _prober.Started);
        Assert.Equal(0, _prober.Cancelled);
    }

    [Fact]
    public async Task Forget_WhileRunning_CancelsAndKeepsNoResult()
    {
        var key = new ObjectKey("ns", "gone");
        _verifier.Start(key, Spec("pop.example.jp"), "f1");
        await WaitUntilAsync(() => _prober.Started == 2);

        _verifier.Forget(key);

        // Never released: the probes end only by the cancellation, and a run whose probes were cancelled has no result.
        await WaitUntilAsync(() => _prober.Cancelled == 2 && _prober.Running == 0);
        Assert.Null(_verifier.Latest(key));
        Assert.False(_verifier.IsRunning(key));
        Assert.Equal(0, _queue.Count);
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _prober.Dispose();
        _queue.Dispose();
        _unusedClient.Dispose();
    }

    private static MailServerSpec Spec(string host) => new()
    {
        DisplayName = host,
        Incoming = new IncomingServer { Protocol = IncomingProtocol.Pop3, Host = host },
        Outgoing = new OutgoingServer { Host = "smtp." + host },
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(10);
        }
    }
}
