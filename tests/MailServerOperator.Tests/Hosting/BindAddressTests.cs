using MailServerOperator.Hosting;

namespace MailServerOperator.Tests.Hosting;

public sealed class BindAddressTests
{
    [Theory]
    [InlineData("https://0.0.0.0:9443", "0.0.0.0", 9443)]
    [InlineData("https://127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("https://[::1]:9443/", "::1", 9443)]
    [InlineData("https://*:9443", "*", 9443)]
    [InlineData("HTTPS://localhost:9443", "localhost", 9443)]
    [InlineData("0.0.0.0:9443", "0.0.0.0", 9443)]
    [InlineData(":9443", "", 9443)]
    public void Parse_ListenAddress_HostAndPort(string value, string host, int port)
    {
        Assert.Equal(new BindAddress(host, port), BindAddress.Parse(value, "https"));
    }

    [Theory]
    [InlineData("9443", "is not a listen address")]
    [InlineData("https://0.0.0.0", "is not a listen address")]
    [InlineData("https://0.0.0.0:70000", "is not a listen address")]
    [InlineData("https://0.0.0.0:9443/validate", "is not a listen address")]
    [InlineData("http://0.0.0.0:9443", "this address serves https, not http")]
    [InlineData("https://webhook.example.com:9443", "the host must be an IP address, localhost or *")]
    public void Parse_NotAListenAddress_SaysHowToWriteOne(string value, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BindAddress.Parse(value, "https"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
