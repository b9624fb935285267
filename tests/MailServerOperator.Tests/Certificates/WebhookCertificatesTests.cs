using System.Text;
using MailServerOperator.Certificates;
using static MailServerOperator.Tests.Certificates.CertificateTimeline;

namespace MailServerOperator.Tests.Certificates;

public sealed class WebhookCertificatesTests
{
    private static readonly WebhookCertificateOptions Options = new();
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromSecretData_WrittenByToSecretData_SameCertificatesAndKeys()
    {
        var written = WithPrevious();

        var read = WebhookCertificates.FromSecretData(written.ToSecretData(), out var problem);

        Assert.Null(problem);
        Assert.Equal(written.Authority.RawData, read!.Authority.RawData);
        Assert.Equal(written.PreviousAuthority!.RawData, read.PreviousAuthority?.RawData);
        Assert.Equal(written.Serving.RawData, read.Serving.RawData);
        Assert.True(read.Authority.HasPrivateKey);
        Assert.True(read.Serving.HasPrivateKey);
        Assert.Equal(written.CaBundle, read.CaBundle);
    }

    [Fact]
    public void ToSecretData_TheKeysThatKubernetesTlsSecretsAndCertManagerUse()
    {
        var data = WithPrevious().ToSecretData();

        Assert.Equal(["ca-bundle.crt", "ca.crt", "ca.key", "tls.crt", "tls.key"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, CountCertificates(data["ca-bundle.crt"]));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", Encoding.ASCII.GetString(data["tls.key"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tls.key", null, "the Secret has no tls.key")]
    [InlineData("ca.crt", null, "the Secret has no ca.crt")]
    [InlineData("tls.crt", "garbage", "the Secret's certificates cannot be read")]
    [InlineData("tls.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "the Secret's certificates cannot be read")]
    public void FromSecretData_BrokenEntry_NullWithAProblemThatShowsNoKeyMaterial(string key, string? value, string expectedStart)
    {
        var data = WithPrevious().ToSecretData();
        var privateKey = Encoding.ASCII.GetString(data["tls.key"]);
        if (value is null)
        {
            data.Remove(key);
        }
        else
        {
            data[key] = Encoding.ASCII.GetBytes(value);
        }

        var read = WebhookCertificates.FromSecretData(data, out var problem);

        Assert.Null(read);
        Assert.StartsWith(expectedStart, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey.Split('\n')[1], problem, StringComparison.Ordinal);
    }

    private static WebhookCertificates WithPrevious()
    {
        var older = CertificateFactory.CreateAuthority(Now.AddDays(-250), Options);
        var authority = CertificateFactory.CreateAuthority(Now, Options);
        return new WebhookCertificates(authority, older, CertificateFactory.IssueServing(authority, Names, Now, Options));
    }
}
