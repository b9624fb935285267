using System.Collections.Concurrent;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Verification;

public sealed class ProbeSecretMonitorTests : IDisposable
{
    private static readonly ObjectKey First = new("ns", "first");
    private static readonly ObjectKey Second = new("ns", "second");
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedSecrets _secrets = new();
    private readonly ConcurrentQueue<ObjectKey> _reported = new();
    private readonly k8s.Kubernetes _client;
    private readonly MailServerVerifier _verifier;
    private readonly ProbeSecretMonitor _monitor;

    public ProbeSecretMonitorTests()
    {
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.invalid" }, _secrets);
        var reader = new ProbeCredentialsReader(_client);
        var options = new VerificationOptions();
        _verifier = new MailServerVerifier(new BlockingProber(), reader, _reported.Enqueue, options, _time, NullLogger<MailServerVerifier>.Instance);
        _monitor = new ProbeSecretMonitor(_verifier, reader, options, _time, NullLogger<ProbeSecretMonitor>.Instance);
        _secrets.Secret("shared", "alice", "one", labelled: true);
        foreach (var key in new[] { First, Second })
        {
            _verifier.Latest(key, new SecretReference { Name = "shared" }, "f", new VerificationOutcome("f", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1), null, null, null));
        }
    }

    [Fact]
    public async Task CheckAsync_StampsUnknownAfterRestart_AdoptedWithoutReverifying()
    {
        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(["shared"], _secrets.Reads); // one read for both servers
        Assert.All(_verifier.SecretUses(), use => Assert.NotNull(use.Stamp));
        Assert.Empty(_reported);
    }

    [Fact]
    public async Task CheckAsync_PasswordChanged_BothUsersDueNowAndReported()
    {
        await _monitor.CheckAsync(CancellationToken.None);
        _secrets.Secret("shared", "alice", "two", labelled: true);

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(new HashSet<ObjectKey> { First, Second }, _reported.ToHashSet());
        Assert.Equal(_time.GetUtcNow(), _verifier.Latest(First)!.NextDueAt);
    }

    [Fact]
    public async Task CheckAsync_Unchanged_NothingReported()
    {
        await _monitor.CheckAsync(CancellationToken.None);

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Empty(_reported);
    }

    [Fact]
    public async Task CheckAsync_ReadFailsTransiently_NothingReported()
    {
        await _monitor.CheckAsync(CancellationToken.None);
        _secrets.Status("shared", System.Net.HttpStatusCode.InternalServerError);

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Empty(_reported);
    }

    [Fact]
    public async Task CheckAsync_LabelRemoved_ReportedAsAChange()
    {
        await _monitor.CheckAsync(CancellationToken.None);
        _secrets.Secret("shared", "alice", "one", labelled: false);

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(2, _reported.Count);
    }

    [Fact]
    public async Task ExecuteAsync_DefaultInterval_ChangeNoticedWithinHalfAMinute()
    {
        await _monitor.StartAsync(CancellationToken.None);
        try
        {
            // The loop starts its timer on a thread of its own: the clock moves on gently until its first recheck adopts the stamps.
            await Wait.UntilAsync(() => _verifier.SecretUses().All(use => use.Stamp is not null) || Step(), "stamps adopted");
            _secrets.Secret("shared", "alice", "two", labelled: true);

            _time.Advance(TimeSpan.FromSeconds(30)); // the next recheck is at most this far off

            await Wait.UntilAsync(() => _reported.Count == 2, "both users reported");
        }
        finally
        {
            await _monitor.StopAsync(CancellationToken.None);
        }
    }

    private bool Step()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return false;
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _verifier.Dispose();
        _client.Dispose();
        _secrets.Dispose();
    }
}
