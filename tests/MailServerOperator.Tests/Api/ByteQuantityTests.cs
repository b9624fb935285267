using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class ByteQuantityTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("10485760", 10_485_760L)]
    [InlineData("10Mi", 10_485_760L)]
    [InlineData("512Ki", 524_288L)]
    [InlineData("1.5Gi", 1_610_612_736L)]
    [InlineData("10M", 10_000_000L)]
    [InlineData("25k", 25_000L)]
    [InlineData("1e6", 1_000_000L)]
    [InlineData("1E3", 1_000L)]
    [InlineData("+2Mi", 2_097_152L)]
    [InlineData("1000m", 1L)]
    [InlineData("7Ei", 8_070_450_532_247_928_832L)]
    public void TryParse_PositiveQuantity_ReturnsBytes(string text, long bytes)
    {
        Assert.True(ByteQuantity.TryParse(text, out var parsed, out var error));
        Assert.Equal(bytes, parsed);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData(null, "Kubernetes quantity")]
    [InlineData("", "Kubernetes quantity")]
    [InlineData("10MB", "Kubernetes quantity")]
    [InlineData("10 Mi", "Kubernetes quantity")]
    [InlineData("Mi", "Kubernetes quantity")]
    [InlineData("10mi", "Kubernetes quantity")]
    [InlineData("1e", "Kubernetes quantity")]
    [InlineData("0", "greater than zero")]
    [InlineData("-1Mi", "greater than zero")]
    [InlineData("100m", "whole number of bytes")]
    [InlineData("1.5", "whole number of bytes")]
    [InlineData("8Ei", "far too large")]
    [InlineData("99999999999999999999999999999Ei", "far too large")]
    public void TryParse_InvalidQuantity_ExplainsWhy(string? text, string message)
    {
        Assert.False(ByteQuantity.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
