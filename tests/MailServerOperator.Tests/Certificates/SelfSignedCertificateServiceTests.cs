using MailServerOperator.Admission;
using MailServerOperator.Certificates;
using MailServerOperator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MailServerOperator.Tests.Certificates.CertificateTimeline;

namespace MailServerOperator.Tests.Certificates;

public sealed class SelfSignedCertificateServiceTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemorySecretStore _store = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly WebhookOptions _options = new() { OperatorUserName = "operator", Certificates = { CheckInterval = TimeSpan.FromHours(1) } };

    [Fact]
    public async Task CheckAsync_NothingStored_LeaderStoresPublishesAndServesCertificatesThatVerify()
    {
        var serving = new ServingCertificate();

        var done = await Service(serving).CheckAsync(CancellationToken.None);

        Assert.True(done);
        var stored = Stored();
        Assert.Equal(stored.Serving.RawData, serving.Current?.RawData);
        Assert.Equal(stored.CaBundle, _publisher.Current);
        Assert.True(Verifies(_publisher.Current!, serving.Current!, _time.GetUtcNow()));
        Assert.False(WebhookCertificates.HoldsAuthorityKey(_store[_options.SecretName]));
        Assert.True(_store[_options.AuthoritySecretName]!.ContainsKey(WebhookCertificates.AuthorityPrivateKeyKey));
    }

    [Fact]
    public async Task CheckAsync_Follower_AdoptsTheStoredCertificateWithoutWritingOrPublishing()
    {
        var leader = new ServingCertificate();
        var follower = new ServingCertificate();
        await Service(leader).CheckAsync(CancellationToken.None);
        var writes = _store.Writes;

        var done = await Service(follower, leading: false).CheckAsync(CancellationToken.None);

        Assert.True(done);
        Assert.Equal(writes, _store.Writes);
        Assert.Single(_publisher.Published);
        Assert.Equal(leader.Current!.RawData, follower.Current?.RawData);
    }

    [Fact]
    public async Task CheckAsync_FollowerBeforeTheLeaderWroteAnything_ServesNothingWritesNothingAndAsksAgain()
    {
        var follower = new ServingCertificate();

        var done = await Service(follower, leading: false).CheckAsync(CancellationToken.None);

        Assert.False(done);
        Assert.Null(follower.Current);
        Assert.Equal(0, _store.Writes);
        Assert.Empty(_publisher.Published);
    }

    [Fact]
    public async Task CheckAsync_AnotherWriterFirst_AdoptsWhatItWrote()
    {
        var winner = new ServingCertificate();
        var loser = new ServingCertificate();
        _store.BeforeWrite = () => Service(winner).CheckAsync(CancellationToken.None);

        var done = await Service(loser).CheckAsync(CancellationToken.None);

        Assert.True(done);
        Assert.Equal(2, _store.Writes); // the winner's two Secrets, nothing more
        Assert.Equal(winner.Current!.RawData, loser.Current?.RawData);
    }

    [Fact]
    public async Task CheckAsync_UnreadableSecret_ReplacedWithNewCertificates()
    {
        _store.Put(_options.SecretName, new Dictionary<string, byte[]> { [WebhookCertificates.ServingCertificateKey] = "not a certificate"u8.ToArray() });
        var serving = new ServingCertificate();

        await Service(serving).CheckAsync(CancellationToken.None);

        Assert.Equal(Stored().Serving.RawData, serving.Current?.RawData);
    }

    [Fact]
    public async Task CheckAsync_EarlierSingleSecretLayout_KeepsTheCaMovesItsKeyOutOfTheServingSecret()
    {
        var now = _time.GetUtcNow();
        var legacy = CertificateRotation.Apply(null, CertificateRotation.Decide(null, Names, now, _options.Certificates), Names, now, _options.Certificates);
        var data = new Dictionary<string, byte[]>(legacy.ToServingSecretData());
        foreach (var (key, value) in legacy.ToAuthoritySecretData())
        {
            data[key] = value;
        }

        _store.Put(_options.SecretName, data);

        Assert.True(await Service(new ServingCertificate()).CheckAsync(CancellationToken.None));

        Assert.Equal(legacy.Authority.RawData, Stored().Authority.RawData);
        Assert.False(WebhookCertificates.HoldsAuthorityKey(_store[_options.SecretName]));
    }

    [Fact]
    public async Task CheckAsync_ConfigurationTrustsANewerCa_NeitherRollsItBackNorStoresACertificateToServe()
    {
        _publisher.Refusal = CaBundlePublication.NewerPublished;
        var serving = new ServingCertificate();

        var done = await Service(serving).CheckAsync(CancellationToken.None);

        Assert.False(done);
        Assert.Null(_store[_options.SecretName]);
        Assert.Null(serving.Current);
    }

    [Fact]
    public async Task CheckAsync_ConfigurationMissing_ServesButReportsNotDoneSoItIsRetriedSooner()
    {
        _publisher.ConfigurationExists = false;
        var serving = new ServingCertificate();

        var done = await Service(serving).CheckAsync(CancellationToken.None);

        Assert.False(done);
        Assert.NotNull(serving.Current);
    }

    [Fact]
    public async Task ExecuteAsync_TimePassesTheRenewalPoint_ServesTheRenewedCertificateWithoutRestart()
    {
        var serving = new ServingCertificate();
        using var service = Service(serving);
        await service.StartAsync(CancellationToken.None);
        try
        {
            var first = await WaitForAsync(() => serving.Current);

            _time.Advance(TimeSpan.FromDays(61));

            var renewed = await WaitForAsync(() => serving.Current is { } current && current.SerialNumber != first.SerialNumber ? current : null);
            Assert.True(Verifies(_publisher.Current!, renewed, _time.GetUtcNow()));
            Assert.Equal(Stored().Serving.RawData, renewed.RawData);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private SelfSignedCertificateService Service(ServingCertificate serving, bool leading = true)
    {
        var health = new OperatorHealth();
        health.SetLeading(leading);
        return new(_store, _publisher, serving, health, _options, _time, NullLogger<SelfSignedCertificateService>.Instance);
    }

    private WebhookCertificates Stored() =>
        WebhookCertificates.FromSecretData(_store[_options.AuthoritySecretName], _store[_options.SecretName], out var problem) ?? throw new InvalidOperationException(problem);

    /// <summary>Waits (real time, bounded) for the background loop to produce a value; the test asserts on the value, not the time.</summary>
    private static async Task<T> WaitForAsync<T>(Func<T?> value)
        where T : class
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        while (value() is null)
        {
            await Task.Delay(10, limit.Token);
        }

        return value()!;
    }
}
