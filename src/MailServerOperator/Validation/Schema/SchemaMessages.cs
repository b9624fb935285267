using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MailServerOperator.Validation.Schema;

/// <summary>Issue messages worded like the API server's, so the webhook, status and the offline check all read alike.</summary>
internal static class SchemaMessages
{
    public const string RequiredValue = "Required value";

    private const int MaxShownLength = 80;

    public static string NotDeclared(string? suggestion) => suggestion is null
        ? "field not declared in schema"
        : $"field not declared in schema; did you mean \"{suggestion}\"?";

    public static string WrongType(JsonElement value, OpenApiSchema schema) => Invalid(value, schema.IntOrString
        ? "must be an integer or a string"
        : "must be of type " + schema.Type.ToString().ToLowerInvariant());

    public static string Unsupported(JsonElement value, IReadOnlyList<JsonElement> supported)
    {
        var text = new StringBuilder("Unsupported value: ").Append(Show(value)).Append(": supported values: ");
        for (var i = 0; i < supported.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Show(supported[i]));
        }

        return text.ToString();
    }

    public static string BelowMinimum(JsonElement value, SchemaBound minimum) =>
        Invalid(value, $"must be greater than {(minimum.Exclusive ? "" : "or equal to ")}{minimum}");

    public static string AboveMaximum(JsonElement value, SchemaBound maximum) =>
        Invalid(value, $"must be less than {(maximum.Exclusive ? "" : "or equal to ")}{maximum}");

    public static string TooShort(JsonElement value, int minLength) =>
        Invalid(value, $"must be at least {Characters(minLength)} long");

    public static string TooLong(JsonElement value, int maxLength) =>
        Invalid(value, $"must be at most {Characters(maxLength)} long");

    public static string NoMatch(JsonElement value, SchemaPattern pattern) => Invalid(value, $"must match '{pattern.Source}'");

    public static string TooFewItems(int minItems) => $"Too few: must have at least {Items(minItems)}";

    public static string TooManyItems(int maxItems) => $"Too many: must have at most {Items(maxItems)}";

    public static string Duplicate(string shown) => "Duplicate value: " + shown;

    /// <summary>A value as it appears in a message: strings quoted (and cut short), other scalars as written.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString() ?? ""),
        JsonValueKind.Object => "{...}",
        JsonValueKind.Array => "[...]",
        _ => value.GetRawText(),
    };

    private static string Invalid(JsonElement value, string message) => $"Invalid value: {Show(value)}: {message}";

    private static string Characters(int count) => count == 1 ? "1 character" : $"{count.ToString(CultureInfo.InvariantCulture)} characters";

    private static string Items(int count) => count == 1 ? "1 item" : $"{count.ToString(CultureInfo.InvariantCulture)} items";

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(Math.Min(text.Length, MaxShownLength) + 5).Append('"');
        foreach (var c in text.Length > MaxShownLength ? text.AsSpan(0, MaxShownLength) : text.AsSpan())
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append(@"\\"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append(text.Length > MaxShownLength ? "...\"" : "\"").ToString();
    }
}
