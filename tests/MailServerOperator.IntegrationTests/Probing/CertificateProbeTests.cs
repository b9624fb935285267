using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Probing;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>TLS certificate checks against an implicit-TLS POP3 server with certificates made for each case.</summary>
public sealed class CertificateProbeTests : IDisposable
{
    private readonly X509Certificate2 authority = TestCertificates.CreateAuthority();

    public void Dispose() => authority.Dispose();

    [Fact]
    internal async Task Probe_ChainToCaInExtraBundle_VerifiedWithExpiry()
    {
        using var certificate = TestCertificates.CreateServer(authority);

        var result = await ProbeAsync(certificate, [authority]);

        Assert.Equal(ProbeReason.Verified, result.Reason);
        Assert.Equal("CN=localhost", result.CertificateSubject);
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), result.CertificateExpiresAt);
    }

    [Fact]
    internal async Task Probe_CaBundleFile_Verified()
    {
        using var certificate = TestCertificates.CreateServer(authority);
        var bundle = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(bundle, TestCertificates.ToPem(authority));
            var prober = new MailServerProber(new ProbeOptions { Timeout = TimeSpan.FromSeconds(5), CaBundlePath = bundle }, TimeProvider.System);

            var result = await ProbeAsync(certificate, prober);

            Assert.Equal(ProbeReason.Verified, result.Reason);
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [Fact]
    internal async Task Probe_ExpiredCertificate_CertificateInvalidSayingWhen()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.CreateServer(authority, now.AddDays(-60), now.AddDays(-30), "localhost", "127.0.0.1");

        var result = await ProbeAsync(certificate, [authority]);

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.Contains($"it expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("untrusted", result.Message, StringComparison.Ordinal);
        Assert.True(result.CertificateExpiresAt < now);
    }

    [Fact]
    internal async Task Probe_SelfSignedCertificate_CertificateInvalidUntrustedAuthority()
    {
        using var certificate = TestCertificates.CreateServer(authority: null);

        var result = await ProbeAsync(certificate, []);

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.Contains("it is issued by an authority that neither the system roots nor the probe's CA bundle trust", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task Probe_CaNotInBundle_CertificateInvalidUntrustedAuthority()
    {
        using var otherAuthority = TestCertificates.CreateAuthority("CN=Some Other CA");
        using var certificate = TestCertificates.CreateServer(authority);

        var result = await ProbeAsync(certificate, [otherAuthority]);

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.Contains("its chain does not reach a trusted authority", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    internal async Task Probe_CertificateForAnotherName_CertificateInvalidNameMismatch()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.CreateServer(authority, now.AddDays(-1), now.AddDays(30), "mail.other.test");

        var result = await ProbeAsync(certificate, [authority]);

        Assert.Equal(ProbeReason.CertificateInvalid, result.Reason);
        Assert.EndsWith("it is issued for mail.other.test, not for 127.0.0.1", result.Message, StringComparison.Ordinal);
    }

    private static Task<IncomingProbeResult> ProbeAsync(X509Certificate2 certificate, X509Certificate2[] trusted) =>
        ProbeAsync(certificate, new MailServerProber(new ProbeOptions { Timeout = TimeSpan.FromSeconds(5), ExtraTrustedCertificates = [.. trusted] }, TimeProvider.System));

    private static async Task<IncomingProbeResult> ProbeAsync(X509Certificate2 certificate, MailServerProber prober)
    {
        var pop3 = new FakePop3Conversation(capa: true, uidl: true);
        await using var server = FakeServer.Start(pop3.RunAsync, certificate);
        return await prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, server.Host, server.Port, ProbeTlsMode.Implicit), null, CancellationToken.None);
    }
}
