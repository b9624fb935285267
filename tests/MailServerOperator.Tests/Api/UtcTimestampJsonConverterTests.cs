using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class UtcTimestampJsonConverterTests
{
    [Fact]
    public void Write_SubSecondOffsetTime_WritesUtcWholeSecondsWithZ()
    {
        var value = new DateTimeOffset(2026, 11, 28, 18, 30, 15, 999, TimeSpan.FromHours(9));

        Assert.Equal("\"2026-11-28T09:30:15Z\"", JsonSerializer.Serialize(value, MailServerJson.Options));
    }

    [Theory]
    [InlineData("\"2026-11-28T09:30:15Z\"")]
    [InlineData("\"2026-11-28T18:30:15+09:00\"")]
    public void Read_Rfc3339_ReadsSameInstant(string json)
    {
        var value = JsonSerializer.Deserialize<DateTimeOffset>(json, MailServerJson.Options);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 30, 15, TimeSpan.Zero), value);
    }
}
