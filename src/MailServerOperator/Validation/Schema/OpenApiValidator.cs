using System.Text;
using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// Validates a JSON value against a structural schema the way the Kubernetes API server does: type, enum, pattern,
/// minimum/maximum, minLength/maxLength, minItems/maxItems, required, list uniqueness, and items. A null field counts
/// as absent (the API server prunes it). Unlike the API server, which silently prunes fields the schema does not
/// declare, an undeclared field is an error here: in a file under review it is almost always a typo.
/// </summary>
internal sealed class OpenApiValidator
{
    private const string RootField = "(root)";

    // The path of the value being checked, as segments: a walk over a valid document builds no path strings.
    private readonly List<FieldPathSegment> path = new(8);
    private List<ValidationIssue>? issues;

    private OpenApiValidator()
    {
    }

    public static IReadOnlyList<ValidationIssue> Validate(JsonElement value, OpenApiSchema schema)
    {
        var validator = new OpenApiValidator();
        validator.Check(value, schema);
        return validator.issues ?? (IReadOnlyList<ValidationIssue>)[];
    }

    private void Check(JsonElement value, OpenApiSchema schema)
    {
        if (!HasType(value, schema))
        {
            if (value.ValueKind != JsonValueKind.Null || !schema.Nullable)
            {
                Report(SchemaMessages.WrongType(value, schema));
            }

            return;
        }

        if (schema.Enum is { } supported && !IsOneOf(value, supported))
        {
            Report(SchemaMessages.Unsupported(value, supported));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(value, schema);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema);
                break;
            case JsonValueKind.Object:
                CheckObject(value, schema);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema);
                break;
        }
    }

    private static bool HasType(JsonElement value, OpenApiSchema schema)
    {
        if (schema.IntOrString)
        {
            return value.ValueKind == JsonValueKind.String || IsInteger(value);
        }

        return schema.Type switch
        {
            SchemaType.Unspecified => true,
            SchemaType.Object => value.ValueKind == JsonValueKind.Object,
            SchemaType.Array => value.ValueKind == JsonValueKind.Array,
            SchemaType.String => value.ValueKind == JsonValueKind.String,
            SchemaType.Integer => IsInteger(value),
            SchemaType.Number => value.ValueKind == JsonValueKind.Number,
            SchemaType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
    }

    // Like the API server, a number written with a fraction of zero (995.0) is an integer.
    private static bool IsInteger(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
        && (value.TryGetInt64(out _) || (value.TryGetDouble(out var number) && double.IsFinite(number) && Math.Floor(number) == number));

    private static bool IsOneOf(JsonElement value, IReadOnlyList<JsonElement> supported)
    {
        for (var i = 0; i < supported.Count; i++)
        {
            if (JsonElement.DeepEquals(value, supported[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void CheckString(JsonElement value, OpenApiSchema schema)
    {
        if (schema.MinLength is null && schema.MaxLength is null && schema.Pattern is null)
        {
            return;
        }

        var text = value.GetString()!;
        // The API server counts characters (runes), not UTF-16 code units.
        var length = Ascii.IsValid(text) ? text.Length : CountRunes(text);
        if (length < schema.MinLength)
        {
            Report(SchemaMessages.TooShort(value, schema.MinLength.Value));
        }

        if (length > schema.MaxLength)
        {
            Report(SchemaMessages.TooLong(value, schema.MaxLength.Value));
        }

        if (schema.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            Report(SchemaMessages.NoMatch(value, pattern));
        }
    }

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private void CheckNumber(JsonElement value, OpenApiSchema schema)
    {
        if (schema.Minimum is null && schema.Maximum is null)
        {
            return;
        }

        var number = value.GetDouble();
        if (schema.Minimum is { } minimum && (minimum.Exclusive ? number <= minimum.Value : number < minimum.Value))
        {
            Report(SchemaMessages.BelowMinimum(value, minimum));
        }

        if (schema.Maximum is { } maximum && (maximum.Exclusive ? number >= maximum.Value : number > maximum.Value))
        {
            Report(SchemaMessages.AboveMaximum(value, maximum));
        }
    }

    private void CheckObject(JsonElement value, OpenApiSchema schema)
    {
        foreach (var name in schema.Required)
        {
            if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
            {
                path.Add(new(name, null));
                Report(SchemaMessages.RequiredValue);
                path.RemoveAt(path.Count - 1);
            }
        }

        var declared = 0;
        foreach (var (name, fieldSchema) in schema.Properties)
        {
            if (!value.TryGetProperty(name, out var field))
            {
                continue;
            }

            declared++;
            if (field.ValueKind != JsonValueKind.Null || fieldSchema.Nullable)
            {
                path.Add(new(name, null));
                Check(field, fieldSchema);
                path.RemoveAt(path.Count - 1);
            }
        }

        if (!schema.PreserveUnknownFields && declared < CountFields(value))
        {
            ReportUndeclaredFields(value, schema);
        }
    }

    private static int CountFields(JsonElement value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateObject())
        {
            count++;
        }

        return count;
    }

    private void ReportUndeclaredFields(JsonElement value, OpenApiSchema schema)
    {
        foreach (var field in value.EnumerateObject())
        {
            if (!schema.Properties.ContainsKey(field.Name))
            {
                path.Add(new(field.Name, null));
                Report(SchemaMessages.NotDeclared(ClosestName.Find(field.Name, schema.Properties.Keys)));
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private void CheckArray(JsonElement value, OpenApiSchema schema)
    {
        var length = value.GetArrayLength();
        if (length < schema.MinItems)
        {
            Report(SchemaMessages.TooFewItems(schema.MinItems.Value));
        }

        if (length > schema.MaxItems)
        {
            Report(SchemaMessages.TooManyItems(schema.MaxItems.Value));
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            path.Add(new(null, index));
            if (schema.Items is { } itemSchema)
            {
                Check(item, itemSchema);
            }

            if (schema.ListType is "set" or "map")
            {
                CheckUnique(value, item, index, schema);
            }

            path.RemoveAt(path.Count - 1);
            index++;
        }
    }

    // Compares the item with the ones before it: by value for a set, by its key fields for a map.
    private void CheckUnique(JsonElement list, JsonElement item, int index, OpenApiSchema schema)
    {
        var earlier = 0;
        foreach (var other in list.EnumerateArray())
        {
            if (earlier++ == index)
            {
                return;
            }

            if (schema.ListType == "set" ? JsonElement.DeepEquals(item, other) : SameKeys(item, other, schema.ListMapKeys))
            {
                Report(SchemaMessages.Duplicate(schema.ListType == "set" ? SchemaMessages.Show(item) : ShowKeys(item, schema.ListMapKeys)));
                return;
            }
        }
    }

    private static bool SameKeys(JsonElement item, JsonElement other, IReadOnlyList<string> keys)
    {
        if (item.ValueKind != JsonValueKind.Object || other.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var key in keys)
        {
            var inItem = item.TryGetProperty(key, out var a);
            var inOther = other.TryGetProperty(key, out var b);
            if (inItem != inOther || (inItem && !JsonElement.DeepEquals(a, b)))
            {
                return false;
            }
        }

        return true;
    }

    private static string ShowKeys(JsonElement item, IReadOnlyList<string> keys)
    {
        var text = new StringBuilder("{");
        foreach (var key in keys)
        {
            if (item.TryGetProperty(key, out var value))
            {
                text.Append(text.Length == 1 ? "" : ", ").Append(key).Append(": ").Append(SchemaMessages.Show(value));
            }
        }

        return text.Append('}').ToString();
    }

    private void Report(string message) => (issues ??= []).Add(ValidationIssue.Error(path.Count == 0 ? RootField : FieldPath.Of(path), message));
}
