using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("90s", 90)]
    [InlineData("2h45m30s", 9930)]
    [InlineData("+5m", 300)]
    [InlineData("-5m", -300)]
    [InlineData("1500ms", 1.5)]
    [InlineData(".5s", 0.5)]
    [InlineData("1000000us", 1)]
    [InlineData("1000000\u00b5s", 1)]
    [InlineData("1000000000ns", 1)]
    public void TryParse_GoDuration_ReturnsItsLength(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5 m")]
    [InlineData("5 minutes")]
    [InlineData("5min")]
    [InlineData("1d")]
    [InlineData("m")]
    [InlineData(".s")]
    [InlineData("1.2.3s")]
    [InlineData("PT5M")]
    [InlineData("99999999999999999999h")]
    public void TryParse_NotAGoDuration_Fails(string? text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }
}
