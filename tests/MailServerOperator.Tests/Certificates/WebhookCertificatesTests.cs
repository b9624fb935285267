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

        var read = WebhookCertificates.FromSecretData(written.ToAuthoritySecretData(), written.ToServingSecretData(), out var problem);

        Assert.Null(problem);
        Assert.Equal(written.Authority.RawData, read!.Authority.RawData);
        Assert.Equal(written.PreviousAuthority!.RawData, read.PreviousAuthority?.RawData);
        Assert.Equal(written.Serving.RawData, read.Serving.RawData);
        Assert.True(read.Authority.HasPrivateKey);
        Assert.True(read.Serving.HasPrivateKey);
        Assert.Equal(written.CaBundle, read.CaBundle);
    }

    [Fact]
    public void ToServingSecretData_TheKeysThatKubernetesTlsSecretsAndCertManagerUseAndNoCaKey()
    {
        var written = WithPrevious();
        var data = written.ToServingSecretData();

        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, CountCertificates(data["ca.crt"]));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", Encoding.ASCII.GetString(data["tls.key"]), StringComparison.Ordinal);
        Assert.DoesNotContain(Encoding.ASCII.GetString(written.ToAuthoritySecretData()["ca.key"]).Split('\n')[1], Encoding.ASCII.GetString(data.Values.SelectMany(value => value).ToArray()), StringComparison.Ordinal);
        Assert.False(WebhookCertificates.HoldsAuthorityKey(data));
    }

    [Fact]
    public void ToAuthoritySecretData_TheCaWithItsKeyAndTheBundle()
    {
        var data = WithPrevious().ToAuthoritySecretData();

        Assert.Equal(["ca-bundle.crt", "ca.crt", "ca.key"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, CountCertificates(data["ca-bundle.crt"]));
    }

    [Fact]
    public void FromSecretData_NoCaSecretButTheEarlierSingleSecretLayout_KeepsItsCa()
    {
        var written = WithPrevious();
        var legacy = new Dictionary<string, byte[]>(written.ToServingSecretData());
        foreach (var (key, value) in written.ToAuthoritySecretData())
        {
            legacy[key] = value;
        }

        var read = WebhookCertificates.FromSecretData(null, legacy, out var problem);

        Assert.Null(problem);
        Assert.Equal(written.Authority.RawData, read!.Authority.RawData);
        Assert.Equal(written.PreviousAuthority!.RawData, read.PreviousAuthority?.RawData);
    }

    [Theory]
    [InlineData("tls.key", null, "the Secret has no tls.key")]
    [InlineData("ca.key", null, "the Secret has no ca.key")]
    [InlineData("tls.crt", "garbage", "the Secret's certificates cannot be read")]
    [InlineData("tls.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "the Secret's certificates cannot be read")]
    public void FromSecretData_BrokenEntry_NullWithAProblemThatShowsNoKeyMaterial(string key, string? value, string expectedStart)
    {
        var written = WithPrevious();
        var authority = written.ToAuthoritySecretData();
        var serving = written.ToServingSecretData();
        var data = key.StartsWith("ca.", StringComparison.Ordinal) ? authority : serving;
        var privateKey = Encoding.ASCII.GetString(data[key.StartsWith("ca.", StringComparison.Ordinal) ? "ca.key" : "tls.key"]);
        if (value is null)
        {
            data.Remove(key);
        }
        else
        {
            data[key] = Encoding.ASCII.GetBytes(value);
        }

        var read = WebhookCertificates.FromSecretData(authority, serving, out var problem);

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
