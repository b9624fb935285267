using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

/// <summary>Reads a Kubernetes int-or-string field (a quantity such as <c>10Mi</c> or <c>10485760</c>) as its string form.</summary>
internal sealed class IntOrStringJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number when reader.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonException("must be an integer or a quantity string such as 10Mi"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
