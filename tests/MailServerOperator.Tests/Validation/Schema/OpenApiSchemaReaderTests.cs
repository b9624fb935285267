using System.Text.Json;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Validation.Schema;

public sealed class OpenApiSchemaReaderTests
{
    [Theory]
    [InlineData("{type: string, x-kubernetes-validations: [{rule: 'self != \"\"'}]}")]
    [InlineData("{type: object, additionalProperties: {type: string}}")]
    [InlineData("{type: string, oneOf: [{pattern: a}, {pattern: b}]}")]
    [InlineData("{type: string, uniqueItems: true}")]
    [InlineData("{anyOf: [{type: integer}, {type: boolean}], x-kubernetes-int-or-string: true}")]
    public void Read_KeywordTheValidatorCannotEnforce_Throws(string yaml) =>
        Assert.Throws<NotSupportedException>(() => Read(yaml));

    [Theory]
    [InlineData("{type: string, enum: [True, False]}")]
    [InlineData("{type: string, enum: [yes, no]}")]
    [InlineData("{type: string, default: 5}")]
    [InlineData("{type: boolean, default: 'false'}")]
    [InlineData("{type: integer, default: ten}")]
    [InlineData("{type: object, default: {unknown: 1}, properties: {known: {type: integer}}}")]
    [InlineData("{type: text}")]
    public void Read_ValueThatKubectlWouldReadDifferently_Throws(string yaml) =>
        Assert.Throws<InvalidDataException>(() => Read(yaml));

    [Fact]
    public void Read_ScalarKeywords_AreKept()
    {
        var schema = Read("""
            {type: integer, format: int32, description: A port., minimum: 1, maximum: 65535, exclusiveMaximum: true, default: 25}
            """);

        Assert.Equal(SchemaType.Integer, schema.Type);
        Assert.Equal("int32", schema.Format);
        Assert.Equal("A port.", schema.Description);
        Assert.Equal(new SchemaBound(1, Exclusive: false), schema.Minimum);
        Assert.Equal(new SchemaBound(65535, Exclusive: true), schema.Maximum);
        Assert.Equal(25, schema.Default!.Value.GetInt32());
    }

    [Fact]
    public void Read_QuotedEnumMembers_AreStrings()
    {
        var schema = Read("{type: string, enum: ['True', \"False\", Unknown]}");

        Assert.Equal(["True", "False", "Unknown"], schema.Enum!.Select(e => e.GetString()));
    }

    [Fact]
    public void Read_ObjectDefault_IsTypedByItsProperties()
    {
        var schema = Read("{type: object, default: {enabled: true, size: 10Mi}, properties: {enabled: {type: boolean}, size: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}}}");

        Assert.Equal(JsonValueKind.True, schema.Default!.Value.GetProperty("enabled").ValueKind);
        Assert.Equal("10Mi", schema.Default!.Value.GetProperty("size").GetString());
    }

    [Fact]
    public void ReadCrd_UnknownVersion_Throws()
    {
        const string crd = "spec: {versions: [{name: v1, schema: {openAPIV3Schema: {type: object}}}]}";

        Assert.Throws<InvalidDataException>(() => OpenApiSchemaReader.ReadCrd(crd, "v2"));
    }

    [Fact]
    public void ReadCrd_KnownVersion_ReturnsItsSchema()
    {
        const string crd = "spec: {versions: [{name: v1, schema: {openAPIV3Schema: {type: object, description: One.}}}, {name: v2, schema: {openAPIV3Schema: {type: object, description: Two.}}}]}";

        Assert.Equal("Two.", OpenApiSchemaReader.ReadCrd(crd, "v2").Description);
    }

    private static OpenApiSchema Read(string yaml) => OpenApiSchemaReader.Read(YamlNodes.Parse(yaml), "test");
}
