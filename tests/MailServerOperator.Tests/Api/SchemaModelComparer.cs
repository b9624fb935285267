using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Api;

/// <summary>
/// Compares a C# model type with a CRD schema node, as System.Text.Json with <see cref="MailServerJson.Options"/> reads
/// and writes it: property names, types and formats, enum values and required lists, at every level.
/// </summary>
internal static class SchemaModelComparer
{
    // A copy, so that asking for metadata does not lock the shared options: the generated contracts the operator reads
    // with first, reflection for the tests' own model types.
    private static readonly JsonSerializerOptions Options = new(MailServerJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MailServerJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    public static List<string> Differences(Type model, OpenApiSchema schema, string path)
    {
        var differences = new List<string>();
        Compare(model, member: null, schema, path, differences);
        return differences;
    }

    private static void Compare(Type type, ICustomAttributeProvider? member, OpenApiSchema schema, string path, List<string> differences)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (member?.GetCustomAttributes(typeof(JsonConverterAttribute), true) is [JsonConverterAttribute { ConverterType: var converter }]
            && converter == typeof(MailServerOperator.Api.IntOrStringJsonConverter))
        {
            Expect(schema.IntOrString && schema.Type == SchemaType.Unspecified, path, "int-or-string", Describe(schema), differences);
            return;
        }

        var (expectedType, expectedFormat) = Shape(type);
        Expect(schema.Type == expectedType && !schema.IntOrString, path, expectedType.ToString(), Describe(schema), differences);
        Expect(schema.Format == expectedFormat, path, $"format {expectedFormat ?? "(none)"}", $"format {schema.Format ?? "(none)"}", differences);
        CompareEnum(EnumValues(type, member), schema, path, differences);

        if (expectedType == SchemaType.Array)
        {
            var itemType = ElementType(type);
            if (schema.Items is null)
            {
                differences.Add($"{path}: the model is a list of {itemType.Name}, the schema has no items");
            }
            else
            {
                Compare(itemType, member: null, schema.Items, path + "[]", differences);
            }
        }
        else if (expectedType == SchemaType.Object && type != typeof(V1ObjectMeta))
        {
            CompareObject(type, schema, path, differences);
        }
    }

    private static void CompareObject(Type type, OpenApiSchema schema, string path, List<string> differences)
    {
        var properties = Options.GetTypeInfo(type).Properties;
        var modelNames = properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        CompareSets("properties", modelNames, schema.Properties.Keys, path, differences);

        var modelRequired = properties.Where(IsRequired).Select(p => p.Name);
        CompareSets("required", modelRequired, schema.Required, path, differences);

        foreach (var property in properties)
        {
            if (schema.Properties.TryGetValue(property.Name, out var propertySchema))
            {
                Compare(property.PropertyType, property.AttributeProvider, propertySchema, $"{path}.{property.Name}", differences);
            }
        }
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.IsRequired || property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true;

    private static (SchemaType Type, string? Format) Shape(Type type) => type switch
    {
        _ when type == typeof(string) => (SchemaType.String, null),
        _ when type == typeof(bool) => (SchemaType.Boolean, null),
        _ when type == typeof(int) => (SchemaType.Integer, "int32"),
        _ when type == typeof(long) => (SchemaType.Integer, "int64"),
        _ when type == typeof(DateTimeOffset) => (SchemaType.String, "date-time"),
        _ when type.IsEnum => (SchemaType.String, null),
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => (SchemaType.Array, null),
        _ when type.IsClass => (SchemaType.Object, null),
        _ => throw new NotSupportedException($"no schema shape known for {type}"),
    };

    private static Type ElementType(Type listType) => listType.GetGenericArguments()[0];

    private static List<string>? EnumValues(Type type, ICustomAttributeProvider? member)
    {
        if (type.IsEnum)
        {
            return type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name)
                .ToList();
        }

        return member?.GetCustomAttributes(typeof(AllowedValuesAttribute), true) is [AllowedValuesAttribute allowed]
            ? allowed.Values.Select(v => (string)v!).ToList()
            : null;
    }

    private static void CompareEnum(List<string>? modelValues, OpenApiSchema schema, string path, List<string> differences)
    {
        var schemaValues = schema.Enum?.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
        if (modelValues is null || schemaValues is null)
        {
            Expect(modelValues is null && schemaValues is null, path,
                modelValues is null ? "no enum" : "enum " + string.Join("|", modelValues),
                schemaValues is null ? "no enum" : "enum " + string.Join("|", schemaValues), differences);
            return;
        }

        CompareSets("enum", modelValues, schemaValues, path, differences);
    }

    private static void CompareSets(string what, IEnumerable<string> model, IEnumerable<string> schema, string path, List<string> differences)
    {
        var modelSet = model.ToHashSet(StringComparer.Ordinal);
        var schemaSet = schema.ToHashSet(StringComparer.Ordinal);
        foreach (var onlyInModel in modelSet.Except(schemaSet).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}: {what} has {onlyInModel} in the C# model but not in the CRD");
        }

        foreach (var onlyInSchema in schemaSet.Except(modelSet).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}: {what} has {onlyInSchema} in the CRD but not in the C# model");
        }
    }

    private static void Expect(bool same, string path, string model, string schema, List<string> differences)
    {
        if (!same)
        {
            differences.Add($"{path}: the C# model says {model}, the CRD says {schema}");
        }
    }

    private static string Describe(OpenApiSchema schema) => schema.IntOrString ? "int-or-string" : schema.Type.ToString();
}
