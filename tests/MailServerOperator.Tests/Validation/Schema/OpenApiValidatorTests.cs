using System.Text.Json;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Validation.Schema;

/// <summary>The constraint kinds the MailServer CRD does not use yet, on small schemas of their own.</summary>
public sealed class OpenApiValidatorTests
{
    [Theory]
    [InlineData("{type: number, minimum: 1, exclusiveMinimum: true}", "1.5", null)]
    [InlineData("{type: number, minimum: 1, exclusiveMinimum: true}", "1", "Invalid value: 1: must be greater than 1")]
    [InlineData("{type: number, maximum: 10, exclusiveMaximum: true}", "10", "Invalid value: 10: must be less than 10")]
    [InlineData("{type: number}", "0.25", null)]
    [InlineData("{type: number}", "\"0.25\"", "Invalid value: \"0.25\": must be of type number")]
    [InlineData("{type: array, minItems: 1, items: {type: string}}", "[\"a\"]", null)]
    [InlineData("{type: array, minItems: 1, items: {type: string}}", "[]", "Too few: must have at least 1 item")]
    [InlineData("{type: array, maxItems: 2, items: {type: string}}", "[\"a\", \"b\", \"c\"]", "Too many: must have at most 2 items")]
    [InlineData("{type: array, items: {type: string}}", "[\"a\", 1]", "Invalid value: 1: must be of type string")]
    [InlineData("{type: array, items: {type: string}}", "[\"a\", null]", "Invalid value: null: must be of type string")]
    [InlineData("{type: array, items: {type: string, nullable: true}}", "[\"a\", null]", null)]
    [InlineData("{type: array, x-kubernetes-list-type: set, items: {type: string}}", "[\"a\", \"b\"]", null)]
    [InlineData("{type: array, x-kubernetes-list-type: set, items: {type: string}}", "[\"a\", \"a\"]", "Duplicate value: \"a\"")]
    [InlineData("{type: array, items: {type: string}}", "[\"a\", \"a\"]", null)]
    [InlineData("{type: object, x-kubernetes-preserve-unknown-fields: true}", "{\"any\": {\"thing\": 1}}", null)]
    [InlineData("{type: object, properties: {a: {type: string}}}", "{\"a\": null}", null)]
    [InlineData("{type: object, properties: {a: {type: string, nullable: true, minLength: 2}}}", "{\"a\": null}", null)]
    public void Validate_Constraint_ReportsExpectedIssue(string schemaYaml, string json, string? expectedMessage)
    {
        var issues = OpenApiValidator.Validate(Parse(json), Read(schemaYaml));

        if (expectedMessage is null)
        {
            Assert.Empty(issues);
        }
        else
        {
            Assert.Equal(expectedMessage, Assert.Single(issues).Message);
        }
    }

    [Fact]
    public void Validate_MapListWithDuplicateKey_ReportsTheSecondItem()
    {
        var schema = Read("""
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [type]
            items:
              type: object
              required: [type]
              properties:
                type: {type: string}
                status: {type: string}
            """);

        var issue = Assert.Single(OpenApiValidator.Validate(Parse("""[{"type": "Ready", "status": "True"}, {"type": "Valid"}, {"type": "Ready"}]"""), schema));

        Assert.Equal("[2]", issue.Field);
        Assert.Equal("Duplicate value: {type: \"Ready\"}", issue.Message);
    }

    [Fact]
    public void Validate_NestedIssue_AddressesFieldWithIndex()
    {
        var schema = Read("{type: object, properties: {servers: {type: array, items: {type: object, properties: {port: {type: integer, maximum: 9}}}}}}");

        var issue = Assert.Single(OpenApiValidator.Validate(Parse("""{"servers": [{"port": 1}, {"port": 10}]}"""), schema));

        Assert.Equal("servers[1].port", issue.Field);
    }

    [Fact]
    public void Validate_LongString_ShortensItInTheMessage()
    {
        var issue = Assert.Single(OpenApiValidator.Validate(Parse(JsonSerializer.Serialize(new string('x', 500))), Read("{type: string, maxLength: 3}")));

        Assert.Equal($"Invalid value: \"{new string('x', 80)}...\": must be at most 3 characters long", issue.Message);
    }

    private static OpenApiSchema Read(string yaml) => OpenApiSchemaReader.Read(YamlNodes.Parse(yaml), "test");

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
