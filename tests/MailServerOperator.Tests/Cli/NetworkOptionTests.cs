using System.CommandLine;
using System.Net;
using MailServerOperator.Cli;

namespace MailServerOperator.Tests.Cli;

public sealed class NetworkOptionTests
{
    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.0/8")]
    [InlineData("10.20.0.0/16", "10.20.0.0/16")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("192.168.7.25", "192.168.7.25/32")]
    [InlineData("fd00::25", "fd00::25/128")]
    internal void TryParse_Cidr_TheNetwork(string text, string expected)
    {
        Assert.True(NetworkOption.TryParse(text, out var network));
        Assert.Equal(IPNetwork.Parse(expected), network);
    }

    [Theory]
    [InlineData("mail.example.jp")]
    [InlineData("10.0.0.0/33")]
    [InlineData("")]
    internal void TryParse_NotANetwork_False(string text) => Assert.False(NetworkOption.TryParse(text, out _));

    [Fact]
    internal void Parse_RepeatedOption_EveryNetwork()
    {
        var option = NetworkOption.Create("--probe-allow-network", "test");
        var command = new RootCommand { option };

        var result = command.Parse(["--probe-allow-network", "127.0.0.0/8", "--probe-allow-network", "10.20.0.0/16"]);

        Assert.Empty(result.Errors);
        Assert.Equal([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("10.20.0.0/16")], result.GetValue(option)!);
    }

    [Fact]
    internal void Parse_BadNetwork_ErrorNamingOptionAndValue()
    {
        var option = NetworkOption.Create("--probe-allow-network", "test");
        var command = new RootCommand { option };

        var result = command.Parse(["--probe-allow-network", "localhost"]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("--probe-allow-network: 'localhost' is not a network in CIDR notation such as 10.0.0.0/8 or fd00::/8", error.Message);
    }
}
