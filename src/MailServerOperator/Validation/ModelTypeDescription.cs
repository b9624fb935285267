using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// Says in words what type the typed model expects at a field path: "an integer", "one of POP3, IMAP4", ... It reads
/// the JSON contract System.Text.Json uses (<see cref="JsonTypeInfo"/> from the generated context), not reflection,
/// so the names are the JSON names and it works in a NativeAOT build.
/// </summary>
internal static class ModelTypeDescription
{
    /// <returns>The description, or null when the path does not lead to a known property.</returns>
    public static string? Of(JsonTypeInfo root, string field)
    {
        var info = root;
        JsonPropertyInfo? property = null;
        foreach (var segment in FieldPath.Segments(field))
        {
            property = null;
            if (segment.Name is not null && info.Kind == JsonTypeInfoKind.Dictionary)
            {
                info = root.Options.GetTypeInfo(info.ElementType!);
            }
            else if (segment.Name is { } propertyName && info.Kind == JsonTypeInfoKind.Object
                && info.Properties.FirstOrDefault(p => string.Equals(p.Name, propertyName, StringComparison.OrdinalIgnoreCase)) is { } found)
            {
                property = found;
                info = root.Options.GetTypeInfo(found.PropertyType);
            }
            else if (segment.Index is not null && info.Kind == JsonTypeInfoKind.Enumerable)
            {
                info = root.Options.GetTypeInfo(info.ElementType!);
            }
            else
            {
                return null;
            }
        }

        if (property?.CustomConverter is IntOrStringJsonConverter)
        {
            return $"an integer or a quantity string such as {ByteQuantity.Example}";
        }

        return Describe(info);
    }

    private static string Describe(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "an integer",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "an RFC 3339 timestamp",
            _ when type.IsEnum => "one of " + string.Join(", ", EnumNames(info, type)),
            _ when info.Kind == JsonTypeInfoKind.Dictionary => "a map",
            _ when info.Kind == JsonTypeInfoKind.Enumerable => "a list",
            _ => "an object",
        };
    }

    /// <summary>Each value as the contract writes it (the enum's string converter: member names or their JSON names).</summary>
    private static IEnumerable<string> EnumNames(JsonTypeInfo info, Type enumType)
    {
        var values = Enum.GetValuesAsUnderlyingType(enumType);
        var enumInfo = info.Options.GetTypeInfo(enumType);
        foreach (var value in values)
        {
            yield return JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(Enum.ToObject(enumType, value!), enumInfo), MailServerJsonContext.Default.String)!;
        }
    }
}
