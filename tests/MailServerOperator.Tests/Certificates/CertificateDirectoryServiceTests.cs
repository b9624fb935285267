using MailServerOperator.Admission;
using MailServerOperator.Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MailServerOperator.Tests.Certificates.CertificateTimeline;

namespace MailServerOperator.Tests.Certificates;

public sealed class CertificateDirectoryServiceTests : IDisposable
{
    private static readonly WebhookCertificateOptions Options = new();
    private readonly TemporaryDirectory _directory = new();
    private readonly ServingCertificate _serving = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CertificateDirectoryService _service;

    public CertificateDirectoryServiceTests()
    {
        _service = new CertificateDirectoryService(
            _serving, new WebhookOptions { OperatorUserName = "operator", CertificateDirectory = _directory.Path }, _time, NullLogger<CertificateDirectoryService>.Instance);
    }

    [Fact]
    public void Load_CertificateAndKeyPresent_Served()
    {
        var written = Write();

        Assert.True(_service.Load());

        Assert.Equal(written.Serving.RawData, _serving.Current?.RawData);
        Assert.True(_serving.Current?.HasPrivateKey);
    }

    [Fact]
    public void Load_FilesRenewedByCertManager_ServesTheNewOne()
    {
        Write();
        _service.Load();
        var renewed = Write();

        _service.Load();

        Assert.Equal(renewed.Serving.RawData, _serving.Current?.RawData);
    }

    [Fact]
    public void Load_NoFiles_NotServing()
    {
        Assert.False(_service.Load());
        Assert.Null(_serving.Current);
    }

    [Fact]
    public void Load_FilesBrokenAfterAGoodOne_KeepsServingTheGoodOne()
    {
        var good = Write();
        _service.Load();
        File.WriteAllText(_directory.Combine("tls.crt"), "half-written");

        Assert.True(_service.Load());

        Assert.Equal(good.Serving.RawData, _serving.Current?.RawData);
    }

    public void Dispose()
    {
        _service.Dispose();
        _directory.Dispose();
    }

    private WebhookCertificates Write()
    {
        var now = _time.GetUtcNow();
        var certificates = CertificateRotation.Apply(null, CertificateRotation.Decide(null, Names, now, Options), Names, now, Options);
        var data = certificates.ToServingSecretData();
        File.WriteAllBytes(_directory.Combine("tls.crt"), data["tls.crt"]);
        File.WriteAllBytes(_directory.Combine("tls.key"), data["tls.key"]);
        return certificates;
    }
}
