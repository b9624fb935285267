using System.Collections.Concurrent;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Verification;

public sealed class MailServerVerifierTests : IDisposable
{
    private readonly BlockingProber _prober = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<ObjectKey> _completed = new();
    private readonly k8s.Kubernetes _unusedClient = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly MailServerVerifier _verifier;

    public MailServerVerifierTests()
    {
        _verifier = Verifier(_prober);
    }

    [Fact]
    public async Task Start_ManyServers_NeverRunsMoreProbesThanTheBound()
    {
        var keys = Enumerable.Range(0, 10).Select(i => new ObjectKey("ns", $"s{i}")).ToList();
        foreach (var key in keys)
        {
            _verifier.Start(key, Spec("pop.example.jp"), "f");
        }

        await WaitUntilAsync(() => _prober.Started >= 6);
        _prober.Release();

        await WaitUntilAsync(() => keys.All(k => _verifier.Latest(k) is not null));
        Assert.Equal(6, _prober.MaxRunning);
        Assert.Equal(20, _prober.Started);
    }

    [Fact]
    public async Task Start_Completes_ReportsKeyWithResultDueAfterInterval()
    {
        var key = new ObjectKey("ns", "isp");
        _prober.Release();

        _verifier.Start(key, Spec("pop.example.jp") with { Probe = new ProbeSpec { Interval = "10m" } }, "f1", "req-1");

        await WaitUntilAsync(() => _completed.Contains(key));
        var outcome = _verifier.Latest(key)!;
        Assert.Equal(("f1", "req-1"), (outcome.Fingerprint, outcome.RequestedAt));
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

        await WaitUntilAsync(() => _completed.Contains(key) && !_verifier.IsRunning(key));
        Assert.Equal(2, _prober.Started);
    }

    [Fact]
    public async Task Start_NewRequestWhileRunning_RestartsSoTheAnswerIsNewerThanTheRequest()
    {
        var key = new ObjectKey("ns", "isp");
        _verifier.Start(key, Spec("pop.example.jp"), "f1");
        await WaitUntilAsync(() => _prober.Started == 2);

        _verifier.Start(key, Spec("pop.example.jp"), "f1", "now");
        await WaitUntilAsync(() => _prober.Started == 4);
        _prober.Release();

        await WaitUntilAsync(() => _completed.Contains(key) && !_verifier.IsRunning(key));
        Assert.Equal("now", _verifier.Latest(key)!.RequestedAt);
        Assert.Single(_completed);
    }

    [Fact]
    public async Task Forget_WhileRunning_CancelsAndKeepsNoResult()
    {
        var key = new ObjectKey("ns", "gone");
        _verifier.Start(key, Spec("pop.example.jp"), "f1");
        await WaitUntilAsync(() => _prober.Started == 2);

        _verifier.Forget(key);

        await WaitUntilAsync(() => _prober.Running == 0); // the probes saw the cancellation without being released
        Assert.Null(_verifier.Latest(key));
        Assert.False(_verifier.IsRunning(key));
        Assert.Empty(_completed);
    }

    [Fact]
    public async Task Start_ProbeThrowsABug_OperatorErrorNotTheServersFault()
    {
        using var verifier = Verifier(new ThrowingProber());
        var key = new ObjectKey("ns", "isp");

        verifier.Start(key, Spec("pop.example.jp"), "f1");

        await WaitUntilAsync(() => _completed.Contains(key));
        var outcome = verifier.Latest(key)!;
        Assert.Equal(VerificationProblem.OperatorError, outcome.Problem!.Reason);
        Assert.True(outcome.Problem.ServersUnknown);
        Assert.Contains("InvalidOperationException", outcome.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("bug in the operator", outcome.Problem.Message, StringComparison.Ordinal);
        Assert.InRange(outcome.NextDueAt - outcome.CompletedAt, TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(33));
    }

    [Fact]
    public void Latest_StatusNewerThanWhatThisProcessKnows_StatusWins()
    {
        var key = new ObjectKey("ns", "isp");
        var old = Outcome("f1", _time.GetUtcNow());
        var newer = Outcome("f1", _time.GetUtcNow().AddMinutes(1));
        Assert.Same(old, _verifier.Latest(key, null, "f1", old));

        Assert.Same(newer, _verifier.Latest(key, null, "f1", newer));
        Assert.Same(newer, _verifier.Latest(key, null, "f1", old));
    }

    [Fact]
    public void Latest_OtherFingerprintKnown_NothingForTheNewSpec()
    {
        var key = new ObjectKey("ns", "isp");
        _verifier.Latest(key, null, "f1", Outcome("f1", _time.GetUtcNow()));

        Assert.Null(_verifier.Latest(key, null, "f2", null));
    }

    [Fact]
    public void Expire_SecretChanged_DueNowAndReported()
    {
        var key = new ObjectKey("ns", "isp");
        _verifier.Latest(key, new SecretReference { Name = "probe" }, "f1", Outcome("f1", _time.GetUtcNow()));
        _verifier.Adopt(key, "stamp-1");
        Assert.Equal([(key, "probe", "stamp-1")], _verifier.SecretUses());

        _verifier.Expire(key);

        Assert.Equal(_time.GetUtcNow(), _verifier.Latest(key)!.NextDueAt);
        Assert.Equal([key], _completed);
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _unusedClient.Dispose();
    }

    private MailServerVerifier Verifier(IMailServerProber prober) => new(
        prober, new ProbeCredentialsReader(_unusedClient, TimeProvider.System), _completed.Enqueue, new VerificationOptions { MaxConcurrentProbes = 6 }, _time, NullLogger<MailServerVerifier>.Instance);

    private static VerificationOutcome Outcome(string fingerprint, DateTimeOffset at) => new(fingerprint, at, at.AddHours(1), null, null, null);

    private static MailServerSpec Spec(string host) => new()
    {
        DisplayName = host,
        Incoming = new IncomingServer { Protocol = IncomingProtocol.Pop3, Host = host },
        Outgoing = new OutgoingServer { Host = "smtp." + host },
    };

    private static Task WaitUntilAsync(Func<bool> condition) => Wait.UntilAsync(condition);

    private sealed class ThrowingProber : IMailServerProber
    {
        public Task<IncomingProbeResult> ProbeIncomingAsync(IncomingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a bug");

        public Task<OutgoingProbeResult> ProbeOutgoingAsync(OutgoingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken) =>
            Task.FromResult(new OutgoingProbeResult(ProbeReason.Verified, "ok", TimeSpan.Zero, null, null, null, [], null, []));
    }
}
