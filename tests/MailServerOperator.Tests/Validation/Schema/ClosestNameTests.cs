using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Validation.Schema;

public sealed class ClosestNameTests
{
    private static readonly string[] Fields = ["protocol", "host", "port", "tls", "apop", "maxMessageSize", "retention"];

    [Theory]
    [InlineData("protocl", "protocol")]
    [InlineData("prtocol", "protocol")]
    [InlineData("Host", "host")]
    [InlineData("maxmessagesize", "maxMessageSize")]
    [InlineData("retension", "retention")]
    [InlineData("tsl", "tls")]
    [InlineData("username", null)]
    [InlineData("ssl", null)]
    public void Find_UnknownName_ReturnsLikelyMeantField(string unknown, string? expected) =>
        Assert.Equal(expected, ClosestName.Find(unknown, Fields));
}
