using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Says in words what a JSON value is, for messages such as <c>must be an integer, not the string "995"</c>.</summary>
internal static class JsonValueDescription
{
    private const int MaxShownLength = 40;

    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    public static string Of(JsonNode? value) => value is null ? "null" : Of(JsonSerializer.SerializeToElement(value, MailServerJsonContext.Default.JsonNode));

    private static string Shorten(string text) => text.Length <= MaxShownLength ? text : text[..MaxShownLength] + "...";
}
