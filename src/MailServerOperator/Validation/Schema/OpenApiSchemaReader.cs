using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// Reads the OpenAPI v3 schema of a CustomResourceDefinition. Strict on purpose: a keyword it does not know (for
/// example <c>x-kubernetes-validations</c> or <c>additionalProperties</c>) is an error, so the offline validator can
/// never silently skip a constraint that the API server enforces.
/// </summary>
internal static class OpenApiSchemaReader
{
    /// <summary>Reads <c>spec.versions[name=version].schema.openAPIV3Schema</c> of a CRD.</summary>
    public static OpenApiSchema ReadCrd(string crdYaml, string version)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(crdYaml))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0)
        {
            throw new InvalidDataException("the CRD YAML holds no document");
        }

        var spec = Child(AsMapping(stream.Documents[0].RootNode, "(crd)"), "spec", "(crd)");
        var versions = Child(AsMapping(spec, "spec"), "versions", "spec");
        if (versions is not YamlSequenceNode sequence)
        {
            throw new InvalidDataException("spec.versions: must be a list");
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var at = $"spec.versions[{i}]";
            var entry = AsMapping(sequence.Children[i], at);
            if (Scalar(Child(entry, "name", at), at + ".name") == version)
            {
                var schema = AsMapping(Child(entry, "schema", at), at + ".schema");
                return Read(Child(schema, "openAPIV3Schema", at + ".schema"), "openAPIV3Schema");
            }
        }

        throw new InvalidDataException($"the CRD has no version {version}");
    }

    /// <summary>Reads one schema node and everything below it; <paramref name="at"/> names it in error messages.</summary>
    public static OpenApiSchema Read(YamlNode node, string at)
    {
        var schema = new OpenApiSchema();
        YamlNode? enumNode = null;
        YamlNode? defaultNode = null;
        var exclusiveMinimum = false;
        var exclusiveMaximum = false;
        foreach (var (keyNode, value) in AsMapping(node, at).Children)
        {
            var key = Scalar(keyNode, at);
            var keyAt = at + "." + key;
            switch (key)
            {
                case "type": schema = schema with { Type = ParseType(Scalar(value, keyAt), keyAt) }; break;
                case "description": schema = schema with { Description = Scalar(value, keyAt) }; break;
                case "format": schema = schema with { Format = Scalar(value, keyAt) }; break;
                case "nullable": schema = schema with { Nullable = Boolean(value, keyAt) }; break;
                case "x-kubernetes-int-or-string": schema = schema with { IntOrString = Boolean(value, keyAt) }; break;
                case "x-kubernetes-preserve-unknown-fields": schema = schema with { PreserveUnknownFields = Boolean(value, keyAt) }; break;
                case "x-kubernetes-list-type": schema = schema with { ListType = ListType(value, keyAt) }; break;
                case "x-kubernetes-list-map-keys": schema = schema with { ListMapKeys = Strings(value, keyAt) }; break;
                case "properties": schema = schema with { Properties = Properties(value, keyAt) }; break;
                case "required": schema = schema with { Required = Strings(value, keyAt) }; break;
                case "items": schema = schema with { Items = Read(value, keyAt) }; break;
                case "pattern": schema = schema with { Pattern = SchemaPattern.Compile(Scalar(value, keyAt)) }; break;
                case "minimum": schema = schema with { Minimum = new SchemaBound(Number(value, keyAt), false) }; break;
                case "maximum": schema = schema with { Maximum = new SchemaBound(Number(value, keyAt), false) }; break;
                case "exclusiveMinimum": exclusiveMinimum = Boolean(value, keyAt); break;
                case "exclusiveMaximum": exclusiveMaximum = Boolean(value, keyAt); break;
                case "minLength": schema = schema with { MinLength = Count(value, keyAt) }; break;
                case "maxLength": schema = schema with { MaxLength = Count(value, keyAt) }; break;
                case "minItems": schema = schema with { MinItems = Count(value, keyAt) }; break;
                case "maxItems": schema = schema with { MaxItems = Count(value, keyAt) }; break;
                case "anyOf": RequireIntOrStringAnyOf(value, keyAt); break;
                case "enum": enumNode = value; break;
                case "default": defaultNode = value; break;
                default: throw new NotSupportedException($"{keyAt}: schema keyword '{key}' is not supported by the offline validator");
            }
        }

        schema = schema with
        {
            Minimum = schema.Minimum is { } min ? min with { Exclusive = exclusiveMinimum } : null,
            Maximum = schema.Maximum is { } max ? max with { Exclusive = exclusiveMaximum } : null,
        };
        if (enumNode is not null)
        {
            schema = schema with { Enum = EnumValues(enumNode, schema, at + ".enum") };
        }

        return defaultNode is null ? schema : schema with { Default = SchemaValueReader.Read(defaultNode, schema, at + ".default") };
    }

    private static FrozenDictionary<string, OpenApiSchema> Properties(YamlNode node, string at)
    {
        var properties = new Dictionary<string, OpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, value) in AsMapping(node, at).Children)
        {
            var propertyName = Scalar(name, at);
            properties.Add(propertyName, Read(value, at + "." + propertyName));
        }

        return properties.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<JsonElement> EnumValues(YamlNode node, OpenApiSchema schema, string at)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new InvalidDataException($"{at}: must be a list");
        }

        var values = new List<JsonElement>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            values.Add(SchemaValueReader.Read(item, schema, at));
        }

        return values;
    }

    // The only anyOf a structural schema may hold next to x-kubernetes-int-or-string (and the one kubebuilder emits).
    private static void RequireIntOrStringAnyOf(YamlNode node, string at)
    {
        if (node is YamlSequenceNode { Children.Count: 2 } sequence
            && IsOnlyType(sequence.Children[0], "integer")
            && IsOnlyType(sequence.Children[1], "string"))
        {
            return;
        }

        throw new NotSupportedException($"{at}: only the int-or-string form [{{type: integer}}, {{type: string}}] is supported");
    }

    private static bool IsOnlyType(YamlNode node, string type) =>
        node is YamlMappingNode { Children.Count: 1 } mapping
        && mapping.Children.TryGetValue(new YamlScalarNode("type"), out var value)
        && value is YamlScalarNode { Value: var actual }
        && actual == type;

    private static SchemaType ParseType(string type, string at) => type switch
    {
        "object" => SchemaType.Object,
        "array" => SchemaType.Array,
        "string" => SchemaType.String,
        "integer" => SchemaType.Integer,
        "number" => SchemaType.Number,
        "boolean" => SchemaType.Boolean,
        _ => throw new InvalidDataException($"{at}: unknown type '{type}'"),
    };

    private static string ListType(YamlNode node, string at) => Scalar(node, at) switch
    {
        var type and ("atomic" or "set" or "map") => type,
        var other => throw new InvalidDataException($"{at}: unknown list type '{other}'"),
    };

    private static List<string> Strings(YamlNode node, string at)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new InvalidDataException($"{at}: must be a list");
        }

        var strings = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            strings.Add(Scalar(item, at));
        }

        return strings;
    }

    private static bool Boolean(YamlNode node, string at) => Scalar(node, at) switch
    {
        "true" => true,
        "false" => false,
        var other => throw new InvalidDataException($"{at}: '{other}' is not true or false"),
    };

    private static double Number(YamlNode node, string at) =>
        double.TryParse(Scalar(node, at), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"{at}: must be a number");

    private static int Count(YamlNode node, string at) =>
        int.TryParse(Scalar(node, at), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidDataException($"{at}: must be a non-negative integer");

    private static YamlNode Child(YamlNode mapping, string key, string at) =>
        AsMapping(mapping, at).Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child
            : throw new InvalidDataException($"{at}: {key} is missing");

    private static YamlMappingNode AsMapping(YamlNode node, string at) =>
        node as YamlMappingNode ?? throw new InvalidDataException($"{at}: must be a mapping");

    private static string Scalar(YamlNode node, string at) =>
        node is YamlScalarNode { Value: { } value } ? value : throw new InvalidDataException($"{at}: must be a scalar");
}
