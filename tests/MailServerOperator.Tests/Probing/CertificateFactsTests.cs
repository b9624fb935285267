using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class CertificateFactsTests
{
    [Theory]
    [InlineData("mail.example.jp", true)]
    [InlineData("*.example.jp", true)]
    [InlineData("localhost", true)]
    [InlineData("xn--bcher-kva.example", true)]
    [InlineData("Probe Test CA", false)]
    [InlineData("mail.example.jp\r\nInjected: yes", false)]
    [InlineData("-bad.example.jp", false)]
    [InlineData("a..b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    internal void IsHostName_Text_OnlyStrictHostNames(string? name, bool expected) =>
        Assert.Equal(expected, CertificateFacts.IsHostName(name));

    [Fact]
    internal void IsHostName_LongerThan253_False() =>
        Assert.False(CertificateFacts.IsHostName(string.Join('.', Enumerable.Repeat(new string('a', 63), 5))));
}
