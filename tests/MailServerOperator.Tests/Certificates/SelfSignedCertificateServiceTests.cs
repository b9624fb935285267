using MailServerOperator.Admission;
using MailServerOperator.Certificates;
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
    public async Task CheckAsync_NothingStored_StoresPublishesAndServesCertificatesThatVerify()
    {
        var serving = new ServingCertificate();

        var done = await Service(serving).CheckAsync(CancellationToken.None);

        Assert.True(done);
        var stored = WebhookCertificates.FromSecretData(_store.Data, out var problem);
        Assert.Null(problem);
        Assert.Equal(stored!.Serving.RawData, serving.Current?.RawData);
        Assert.Equal(stored.CaBundle, _publisher.Current);
        Assert.True(Verifies(_publisher.Current!, serving.Current!, _time.GetUtcNow()));
    }

    [Fact]
    public async Task CheckAsync_SecondReplica_AdoptsTheStoredCertificatesWithoutWriting()
    {
        var first = new ServingCertificate();
        var second = new ServingCertificate();
        await Service(first).CheckAsync(CancellationToken.None);

        await Service(second).CheckAsync(CancellationToken.None);

        Assert.Equal(1, _store.Writes);
        Assert.Equal(first.Current!.RawData, second.Current?.RawData);
    }

    [Fact]
    public async Task CheckAsync_AnotherReplicaWritesFirst_AdoptsWhatItWrote()
    {
        var winner = new ServingCertificate();
        var loser = new ServingCertificate();
        _store.BeforeWrite = () => Service(winner).CheckAsync(CancellationToken.None);

        var done = await Service(loser).CheckAsync(CancellationToken.None);

        Assert.True(done);
        Assert.Equal(1, _store.Writes);
        Assert.Equal(winner.Current!.RawData, loser.Current?.RawData);
    }

    [Fact]
    public async Task CheckAsync_UnreadableSecret_ReplacedWithNewCertificates()
    {
        _store.Put(new Dictionary<string, byte[]> { [WebhookCertificates.ServingCertificateKey] = "not a certificate"u8.ToArray() });
        var serving = new ServingCertificate();

        await Service(serving).CheckAsync(CancellationToken.None);

        Assert.NotNull(WebhookCertificates.FromSecretData(_store.Data, out _));
        Assert.NotNull(serving.Current);
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
            Assert.Equal(WebhookCertificates.FromSecretData(_store.Data, out _)!.Serving.RawData, renewed.RawData);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private SelfSignedCertificateService Service(ServingCertificate serving) =>
        new(_store, _publisher, serving, _options, _time, NullLogger<SelfSignedCertificateService>.Instance);

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
