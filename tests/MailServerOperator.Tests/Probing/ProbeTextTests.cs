using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeTextTests
{
    [Theory]
    [InlineData("pop.example.jp", 995, "pop.example.jp:995: the server does not support UIDL")]
    [InlineData("192.0.2.10", 110, "192.0.2.10:110: the server does not support UIDL")]
    [InlineData("2001:db8::1", 993, "[2001:db8::1]:993: the server does not support UIDL")]
    internal void Message_HostAndPort_PrefixesTheDetail(string host, int port, string expected) =>
        Assert.Equal(expected, ProbeText.Message(host, port, "the server does not support UIDL"));

    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(1000, "1.0 s")]
    [InlineData(15_000, "15.0 s")]
    [InlineData(1_250, "1.3 s")]
    internal void Duration_Milliseconds_ReadableText(int milliseconds, string expected) =>
        Assert.Equal(expected, ProbeText.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData(10_485_760, "10 MiB (10485760 bytes)")]
    [InlineData(35_882_577, "35882577 bytes")]
    [InlineData(2_048, "2 KiB (2048 bytes)")]
    [InlineData(1_073_741_824, "1 GiB (1073741824 bytes)")]
    [InlineData(0, "0 bytes")]
    internal void Bytes_Size_UnitOnlyWhenExact(long bytes, string expected) =>
        Assert.Equal(expected, ProbeText.Bytes(bytes));

    [Fact]
    internal void Sanitize_ControlCharactersNonAsciiAndLength_OneShortPrintableLine()
    {
        var text = ProbeText.Sanitize("first\r\nsecond\u001b[31m\u00e9\u202e" + new string('x', 300));

        Assert.StartsWith("first second [31m xxx", text, StringComparison.Ordinal);
        Assert.Equal(163, text.Length);
        Assert.EndsWith("...", text, StringComparison.Ordinal);
        Assert.All(text, c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    internal void List_Empty_None() => Assert.Equal("none", ProbeText.List([]));
}
