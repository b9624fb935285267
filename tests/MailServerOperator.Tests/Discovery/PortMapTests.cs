using MailServerOperator.Discovery;

namespace MailServerOperator.Tests.Discovery;

public sealed class PortMapTests
{
    [Fact]
    public void TryParse_Entries_MapOnlyTheirPorts()
    {
        Assert.True(PortMap.TryParse(["993=10993,995=10995", "443=8443"], out var map, out _));

        Assert.Equal(10993, map[993]);
        Assert.Equal(8443, map[443]);
        Assert.Equal(587, map[587]);
    }

    [Theory]
    [InlineData("993")]
    [InlineData("993=")]
    [InlineData("993=x")]
    [InlineData("0=1")]
    [InlineData("1=65536")]
    [InlineData("-1=5")]
    public void TryParse_NotPortEqualsPort_Fails(string entry)
    {
        Assert.False(PortMap.TryParse([entry], out _, out var error));
        Assert.StartsWith("--port-map:", error, StringComparison.Ordinal);
    }
}
