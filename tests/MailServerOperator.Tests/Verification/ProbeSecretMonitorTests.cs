using System.Collections.Concurrent;
using System.Net;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Verification;

public sealed class ProbeSecretMonitorTests : IDisposable
{
    private static readonly ObjectKey First = new("ns", "first");
    private static readonly ObjectKey Second = new("ns", "second");
    private static readonly DateTimeOffset VerifiedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero); // as status records it: whole seconds
    private readonly FakeTimeProvider _time = new(VerifiedAt);
    private readonly VerificationOptions _options = new();
    private readonly ScriptedSecrets _secrets = new();
    private readonly ConcurrentQueue<ObjectKey> _reported = new();
    private readonly k8s.Kubernetes _client;
    private readonly MailServerVerifier _verifier;
    private readonly ProbeSecretMonitor _monitor;

    public ProbeSecretMonitorTests()
    {
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.invalid" }, _secrets);
        var reader = new ProbeCredentialsReader(_client, TimeProvider.System);
        _verifier = new MailServerVerifier(new BlockingProber(), reader, _reported.Enqueue, _options, _time, NullLogger<MailServerVerifier>.Instance);
        _monitor = new ProbeSecretMonitor(_verifier, reader, _options, _time, NullLogger<ProbeSecretMonitor>.Instance);
        _secrets.Secret("shared", "alice", "one", labelled: true);
        foreach (var key in new[] { First, Second })
        {
            ReadBackFromStatus(key, VerifiedAt);
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
        _secrets.Status("shared", HttpStatusCode.InternalServerError);

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

    [Theory]
    [InlineData(0, 3600, true)] // changed an hour after the verification
    [InlineData(0, 0, true)] // in the same second: which came first is unknown, so verified again
    [InlineData(700, 0, true)]
    [InlineData(0, -1, false)] // the second before: the verification used it
    [InlineData(0, -3600, false)]
    public async Task CheckAsync_NoStampAfterRestart_ChangedInOrAfterTheSecondOfVerifiedAt_DueNow(int verifiedAtMs, int changedAfterSeconds, bool due)
    {
        var verifiedAt = VerifiedAt.AddMilliseconds(verifiedAtMs);
        ReadBackFromStatus(First, verifiedAt);
        ReadBackFromStatus(Second, verifiedAt);
        _secrets.Secret("shared", "alice", "one", labelled: true, changedAt: VerifiedAt.AddSeconds(changedAfterSeconds));

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(due ? new HashSet<ObjectKey> { First, Second } : new HashSet<ObjectKey>(), _reported.ToHashSet());
        Assert.Equal(due ? _time.GetUtcNow() : verifiedAt.AddHours(1), _verifier.Latest(First)!.NextDueAt);
        Assert.Equal(["shared"], _secrets.Reads);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)] // deleted since
    [InlineData(HttpStatusCode.OK)] // its probe label removed since
    public async Task CheckAsync_NoStampAfterRestart_SecretNoLongerUsable_DueNow(HttpStatusCode read)
    {
        if (read == HttpStatusCode.NotFound)
        {
            _secrets.Status("shared", read);
        }
        else
        {
            _secrets.Secret("shared", "alice", "one", labelled: false);
        }

        await _monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(new HashSet<ObjectKey> { First, Second }, _reported.ToHashSet());
    }

    [Fact]
    public async Task ExecuteAsync_VerificationsReadBackAtStart_SecretReadPromptlyNotAtTheRecheckInterval()
    {
        _secrets.Secret("shared", "alice", "two", labelled: true, changedAt: VerifiedAt.AddMinutes(5)); // changed while no operator ran
        _time.Advance(TimeSpan.FromMinutes(10));

        await _monitor.StartAsync(CancellationToken.None);
        var waited = await StepUntilAsync(() => _reported.Count == 2);

        Assert.True(waited < _options.SecretRecheckInterval, $"noticed after {waited}");
        Assert.Equal(["shared"], _secrets.Reads);
    }

    [Fact]
    public async Task ExecuteAsync_VerificationReadBackWhileRunning_OnlyItsSecretReadPromptly()
    {
        _secrets.Secret("other", "bob", "one", labelled: true);
        await _monitor.StartAsync(CancellationToken.None);
        await StepUntilAsync(() => _verifier.SecretUses().All(u => u.Stamp is not null)); // the uses known at start: adopted
        var third = new ObjectKey("ns", "third");

        ReadBackFromStatus(third, VerifiedAt, secret: "other");
        var waited = await StepUntilAsync(() => _verifier.SecretUses().All(u => u.Stamp is not null));

        Assert.True(waited < _options.SecretRecheckInterval, $"adopted after {waited}");
        Assert.Equal(["shared", "other"], _secrets.Reads);
        Assert.Empty(_reported); // unchanged: nothing verified again
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
        _monitor.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _monitor.Dispose();
        _verifier.Dispose();
        _client.Dispose();
        _secrets.Dispose();
    }

    private void ReadBackFromStatus(ObjectKey key, DateTimeOffset verifiedAt, string secret = "shared") =>
        _verifier.Latest(key, new SecretReference { Name = secret }, "f", new VerificationOutcome("f", verifiedAt, verifiedAt.AddHours(1), null, null, null));

    /// <summary>Steps the fake clock (never to the recheck interval) until <paramref name="done"/>; returns the time stepped.</summary>
    private async Task<TimeSpan> StepUntilAsync(Func<bool> done)
    {
        var stepped = TimeSpan.Zero;
        for (var i = 0; !done(); i++)
        {
            Assert.True(i < 1000, "not done");
            if (i % 10 == 9 && stepped < _options.SecretRecheckInterval / 2)
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                stepped += TimeSpan.FromMilliseconds(250);
            }

            await Task.Delay(5);
        }

        return stepped;
    }
}
