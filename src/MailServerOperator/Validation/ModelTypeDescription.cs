using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>Says in words what type the typed model expects at a field path: "an integer", "one of POP3, IMAP4", ...</summary>
internal static class ModelTypeDescription
{
    /// <returns>The description, or null when the path does not lead to a known property.</returns>
    public static string? Of(Type root, string field)
    {
        var type = root;
        PropertyInfo? property = null;
        foreach (var segment in FieldPath.Segments(field))
        {
            property = null;
            if (segment.Name is not null && DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
            }
            else if (segment.Name is { } propertyName && FindProperty(type, propertyName) is { } found)
            {
                property = found;
                type = found.PropertyType;
            }
            else if (segment.Index is not null && ElementType(type) is { } elementType)
            {
                type = elementType;
            }
            else
            {
                return null;
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
        }

        if (property?.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(IntOrStringJsonConverter))
        {
            return $"an integer or a quantity string such as {ByteQuantity.Example}";
        }

        return Describe(type);
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "an RFC 3339 timestamp",
        _ when type.IsEnum => "one of " + string.Join(", ", EnumNames(type)),
        _ when DictionaryValueType(type) is not null => "a map",
        _ when ElementType(type) is not null => "a list",
        _ => "an object",
    };

    private static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name);

    private static PropertyInfo? FindProperty(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(property =>
            string.Equals(JsonName(property), jsonName, StringComparison.OrdinalIgnoreCase));

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>))?.GetGenericArguments()[1]
        ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>))?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)
            ? null
            : GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
