using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class CertificateProblemsTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2025, 4, 1, 12, 30, 0, TimeSpan.Zero);
    private static readonly CertificateFacts Certificate = new("CN=mail.example.jp", NotBefore, NotAfter, ["mail.example.jp", "smtp.example.jp"]);
    private static readonly DateTimeOffset During = NotBefore.AddDays(10);

    [Theory]
    [InlineData(X509ChainStatusFlags.NotTimeValid, "2025-06-01", "it expired on 2025-04-01 12:30 UTC")]
    [InlineData(X509ChainStatusFlags.NotTimeValid, "2024-12-01", "it is not valid before 2025-01-01 00:00 UTC")]
    [InlineData(X509ChainStatusFlags.NotTimeValid, "2025-02-01", "a certificate in its chain has expired or is not yet valid")]
    [InlineData(X509ChainStatusFlags.UntrustedRoot, "2025-02-01", "it is issued by an authority that neither the system roots nor the probe's CA bundle trust; if that is a private CA, trust it with the operator's --ca-bundle option")]
    [InlineData(X509ChainStatusFlags.PartialChain, "2025-02-01", "its chain does not reach a trusted authority: the server may not send its intermediate certificates (the probe does not download them), or the authority is not trusted; if that is a private CA, trust it with the operator's --ca-bundle option")]
    [InlineData(X509ChainStatusFlags.Revoked, "2025-02-01", "it has been revoked")]
    [InlineData(X509ChainStatusFlags.NotSignatureValid, "2025-02-01", "its signature is not valid")]
    [InlineData(X509ChainStatusFlags.InvalidBasicConstraints, "2025-02-01", "its chain does not validate (InvalidBasicConstraints)")]
    internal void Describe_ChainProblem_SaysWhatIsWrong(X509ChainStatusFlags status, string now, string expected)
    {
        var text = CertificateProblems.Describe(status, nameMismatch: false, Certificate, "mail.example.jp", DateTimeOffset.Parse(now + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal($"the TLS certificate (CN=mail.example.jp) is not valid: {expected}", text);
    }

    [Fact]
    internal void Describe_NameMismatch_ListsTheNamesItIsIssuedFor()
    {
        var text = CertificateProblems.Describe(X509ChainStatusFlags.NoError, nameMismatch: true, Certificate, "pop.example.jp", During);

        Assert.Equal("the TLS certificate (CN=mail.example.jp) is not valid: it is issued for mail.example.jp, smtp.example.jp, not for pop.example.jp", text);
    }

    [Fact]
    internal void Describe_SeveralProblems_AllOfThemInOneMessage()
    {
        var text = CertificateProblems.Describe(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.UntrustedRoot, nameMismatch: true, Certificate, "pop.example.jp", NotAfter.AddDays(1));

        Assert.NotNull(text);
        Assert.Contains("it expired on 2025-04-01 12:30 UTC; it is issued by an authority that neither", text, StringComparison.Ordinal);
        Assert.EndsWith("not for pop.example.jp", text, StringComparison.Ordinal);
    }

    [Fact]
    internal void Describe_ManyNames_FirstFiveAndACount()
    {
        var certificate = Certificate with { Names = [.. Enumerable.Range(1, 8).Select(i => $"m{i}.example.jp")] };

        var text = CertificateProblems.Describe(X509ChainStatusFlags.NoError, nameMismatch: true, certificate, "pop.example.jp", During);

        Assert.EndsWith("it is issued for m1.example.jp, m2.example.jp, m3.example.jp, m4.example.jp, m5.example.jp and 3 more, not for pop.example.jp", text, StringComparison.Ordinal);
    }

    [Fact]
    internal void Describe_SubjectNotAHostName_NoSubjectInTheMessage()
    {
        var text = CertificateProblems.Describe(X509ChainStatusFlags.Revoked, nameMismatch: false, Certificate with { Subject = null }, "mail.example.jp", During);

        Assert.Equal("the TLS certificate is not valid: it has been revoked", text);
    }

    [Fact]
    internal void Describe_NothingWrong_Null() =>
        Assert.Null(CertificateProblems.Describe(X509ChainStatusFlags.NoError, nameMismatch: false, Certificate, "mail.example.jp", During));
}
