using System.Text;
using System.Text.Json;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Informers;

public sealed class ListResponseReaderTests
{
    private static readonly string[] Items =
    [
        """{"metadata":{"name":"a","labels":{"x":"}]{["}},"spec":{"list":[1,[2,{"deep":[]}]],"text":"quote \" and \\ and \u00e9 メール"}}""",
        """{"metadata":{"name":"b"}}""",
        "{\"metadata\":{\"name\":\"big\"},\"spec\":{\"note\":\"" + new string('n', 150_000) + "\"}}",
        """{}""",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1_000_000)]
    public async Task ReadSomeAsync_AnyChunking_HandsOutEveryItemWholeAndTheListMetadata(int chunk)
    {
        var body = """{"apiVersion":"mailshare.io/v1alpha1","items":[""" + string.Join(",", Items)
            + """],"kind":"MailServerList","metadata":{"continue":"next-page","resourceVersion":"20210"}}""";

        var (items, reader) = await ReadAsync(body, chunk);

        Assert.Equal(Items, items);
        Assert.Equal(("20210", "next-page"), (reader.ResourceVersion, reader.Continue));
    }

    // Shapes the API server may send: fields in any order, no items, an empty continue token.
    [Theory]
    [InlineData("""{"kind":"List","metadata":{"resourceVersion":"7","continue":""},"items":[{"a":1}]}""", 1, "7")]
    [InlineData("""{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":"8"}}""", 0, "8")]
    [InlineData("""{"apiVersion":"v1","items":null,"metadata":{"resourceVersion":"9","selfLink":"/x"}}""", 0, "9")]
    [InlineData("""  {"items":[{"metadata":{"items":[{"no":1}]}}],"metadata":{}}  """, 1, null)]
    public async Task ReadSomeAsync_ListShapes_ReadsItemsAndVersion(string body, int count, string? resourceVersion)
    {
        var (items, reader) = await ReadAsync(body, chunk: 3);

        Assert.Equal(count, items.Count);
        Assert.Equal(resourceVersion, reader.ResourceVersion);
        Assert.Null(reader.Continue);
    }

    [Theory]
    [InlineData("""{"items":[{"metadata":{"name":"a"}},{"metadata":""")]
    [InlineData("""{"items":[{"metadata":{"name":"a"}}""")]
    public async Task ReadSomeAsync_ResponseCutShort_Fails(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(body, chunk: 5));
    }

    [Fact]
    public async Task ReadSomeAsync_LargeList_HandsOutItemsWhileReading()
    {
        var body = """{"items":[""" + string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"metadata\":{\"name\":\"s-" + i + "\"}}")) + """],"metadata":{"resourceVersion":"1"}}""";
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(body), 4096);
        var reader = new ListResponseReader();
        var seenAfterReads = new List<int>();
        var count = 0;

        while (await reader.ReadSomeAsync(stream, _ => count++, CancellationToken.None))
        {
            seenAfterReads.Add(count);
        }

        Assert.Equal(2000, count);
        Assert.True(seenAfterReads.Count > 5);
        Assert.InRange(seenAfterReads[0], 1, 200); // the first read already handed out its complete items
    }

    private static async Task<(List<string> Items, ListResponseReader Reader)> ReadAsync(string body, int chunk)
    {
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(body), chunk);
        var reader = new ListResponseReader();
        var items = new List<string>();
        while (await reader.ReadSomeAsync(stream, item => items.Add(Encoding.UTF8.GetString(item)), CancellationToken.None))
        {
        }

        return (items, reader);
    }
}
