using MailServerOperator.Discovery;

namespace MailServerOperator.Tests.Discovery;

public sealed class MailAddressTests
{
    [Theory]
    [InlineData("alice@Example.COM", "alice@example.com", "example.com")]
    [InlineData("example.com.", null, "example.com")]
    [InlineData(" mail.example.co.jp ", null, "mail.example.co.jp")]
    [InlineData("a.b+tag@example.org", "a.b+tag@example.org", "example.org")]
    [InlineData("ä@bücher.example", "ä@xn--bcher-kva.example", "xn--bcher-kva.example")]
    public void TryParse_AddressOrDomain_GivesTheAsciiDomain(string text, string? address, string domain)
    {
        Assert.True(MailAddress.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(new MailAddress(address, domain), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("localhost")]
    [InlineData("alice@127.0.0.1")]
    [InlineData("alice@[::1]")]
    [InlineData("a b@example.com")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@-bad-.example")]
    [InlineData("https://example.com")]
    public void TryParse_NotAnAddressOrDomain_SaysWhat(string text)
    {
        Assert.False(MailAddress.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Printable_ControlCharactersAndLength_AreBounded()
    {
        var printable = MailAddress.Printable("a\nb\u001b" + new string('x', 200));

        Assert.DoesNotContain('\n', printable);
        Assert.DoesNotContain('\u001b', printable);
        Assert.Equal(83, printable.Length);
    }
}
