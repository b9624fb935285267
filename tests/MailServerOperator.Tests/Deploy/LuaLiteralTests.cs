using System.Text.Json;

namespace MailServerOperator.Tests.Deploy;

public sealed class LuaLiteralTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quotes \" and ' and \\ backslash")]
    [InlineData("line\nbreak\ttab\r")]
    [InlineData("メール ünïcödé ✉")]
    [InlineData("")]
    public async Task From_String_ReachesLuaUnchanged(string text)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new { text }));

        var output = await Lua51.RunAsync($"io.write(({LuaLiteral.From(json.RootElement)}).text)");

        Assert.Equal(text, output);
    }

    [Fact]
    public async Task From_Document_KeepsTypesAndDropsNulls()
    {
        using var json = JsonDocument.Parse("""{"n": 3, "big": 9007199254740993, "f": 1.5, "t": true, "no": false, "gone": null, "list": ["a", 2], "nested": {"k": "v"}}""");

        var output = await Lua51.RunAsync($$"""
            local o = {{LuaLiteral.From(json.RootElement)}}
            io.write(type(o.n), " ", o.n + 1, " ", o.f * 2, " ", tostring(o.t), " ", tostring(o.no), " ", tostring(o.gone), " ",
              #o.list, " ", o.list[1], o.list[2], " ", o.nested.k, " ", type(o.big))
            """);

        Assert.Equal("number 4 3 true false nil 2 a2 v number", output);
    }
}
