using System.Buffers;
using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// Turns a YAML value inside a schema (an <c>enum</c> member or a <c>default</c>) into JSON, typed by the schema node it
/// belongs to. A value that does not fit its node's type is an error in the CRD.
/// </summary>
internal static class SchemaValueReader
{
    public static JsonElement Read(YamlNode node, OpenApiSchema schema, string at)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, schema, at);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, OpenApiSchema schema, string at)
    {
        switch (node)
        {
            case YamlMappingNode mapping when schema.Type is SchemaType.Object:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } text } ? text : throw new InvalidDataException($"{at}: keys must be scalars");
                    var property = schema.Properties.GetValueOrDefault(name)
                        ?? (schema.PreserveUnknownFields ? OpenApiSchema.Anything : throw new InvalidDataException($"{at}: {name} is not declared in the schema"));
                    writer.WritePropertyName(name);
                    Write(writer, value, property, at + "." + name);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence when schema.Type is SchemaType.Array:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, schema.Items ?? OpenApiSchema.Anything, at + "[]");
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode { Value: { } scalar } scalarNode:
                WriteScalar(writer, scalar, IsPlain(scalarNode), schema, at);
                break;
            default:
                throw new InvalidDataException($"{at}: does not fit the schema's type {schema.Type}");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, string scalar, bool plain, OpenApiSchema schema, string at)
    {
        if (schema.IntOrString)
        {
            if (plain && long.TryParse(scalar, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
            }
            else
            {
                writer.WriteStringValue(scalar);
            }

            return;
        }

        switch (schema.Type)
        {
            case SchemaType.String when plain && ResolvesToNonString(scalar):
                throw new InvalidDataException($"{at}: '{scalar}' must be quoted: unquoted, kubectl reads it as a boolean, null or number");
            case SchemaType.String:
                writer.WriteStringValue(scalar);
                break;
            case SchemaType.Boolean when plain && scalar is "true" or "false":
                writer.WriteBooleanValue(scalar == "true");
                break;
            case SchemaType.Integer when plain && long.TryParse(scalar, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case SchemaType.Number when plain && double.TryParse(scalar, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumberValue(number);
                break;
            default:
                throw new InvalidDataException($"{at}: '{scalar}' does not fit the schema's type {schema.Type}");
        }
    }

    // YAML 1.1, as sigs.k8s.io/yaml (go-yaml v2) resolves plain scalars when kubectl reads a manifest.
    private static bool ResolvesToNonString(string scalar) =>
        scalar is "" or "~" or "null" or "Null" or "NULL"
            or "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO"
            or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "on" or "On" or "ON" or "off" or "Off" or "OFF"
        || double.TryParse(scalar, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsPlain(YamlScalarNode node) => node.Style is ScalarStyle.Plain or ScalarStyle.Any;
}
