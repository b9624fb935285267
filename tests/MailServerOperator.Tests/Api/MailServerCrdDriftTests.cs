using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MailServerOperator.Api;
using MailServerOperator.Validation;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Api;

/// <summary>The C# model and the CRD schema must describe the same fields, enums and required lists.</summary>
public sealed class MailServerCrdDriftTests
{
    [Fact]
    public void Schema_Root_MatchesMailServerModel() =>
        Assert.Empty(SchemaModelComparer.Differences(typeof(MailServer), CrdSchemaValidator.Schema, "(root)"));

    [Fact]
    public void Schema_Spec_MatchesMailServerSpecModel() =>
        Assert.Empty(SchemaModelComparer.Differences(typeof(MailServerSpec), CrdSchemaValidator.Schema.Properties["spec"], "spec"));

    [Fact]
    public void Schema_Status_MatchesMailServerStatusModel() =>
        Assert.Empty(SchemaModelComparer.Differences(typeof(MailServerStatus), CrdSchemaValidator.Schema.Properties["status"], "status"));

    [Fact]
    public void Differences_PropertyOnlyInModel_ReportsIt()
    {
        var schema = Read("{type: object, required: [name], properties: {name: {type: string}}}");

        var differences = SchemaModelComparer.Differences(typeof(TwoFields), schema, "x");

        Assert.Equal(["x: properties has port in the C# model but not in the CRD"], differences);
    }

    [Fact]
    public void Differences_RequiredOnlyInSchema_ReportsIt()
    {
        var schema = Read("{type: object, required: [name, port], properties: {name: {type: string}, port: {type: integer, format: int32}}}");

        var differences = SchemaModelComparer.Differences(typeof(TwoFields), schema, "x");

        Assert.Equal(["x: required has port in the CRD but not in the C# model"], differences);
    }

    [Fact]
    public void Differences_EnumValueOnlyInSchema_ReportsIt()
    {
        var schema = Read("{type: object, properties: {tls: {type: string, enum: [None, StartTls, Implicit, Opportunistic]}}}");

        var differences = SchemaModelComparer.Differences(typeof(WithEnum), schema, "x");

        Assert.Equal(["x.tls: enum has Opportunistic in the CRD but not in the C# model"], differences);
    }

    [Fact]
    public void Differences_TypeOrFormatDiffers_ReportsIt()
    {
        var schema = Read("{type: object, required: [name], properties: {name: {type: string}, port: {type: integer, format: int64}}}");

        var differences = SchemaModelComparer.Differences(typeof(TwoFields), schema, "x");

        Assert.Equal(["x.port: the C# model says format int32, the CRD says format int64"], differences);
    }

    private static OpenApiSchema Read(string yaml) => OpenApiSchemaReader.Read(YamlNodes.Parse(yaml), "test");

    private sealed record TwoFields
    {
        [Required]
        public string? Name { get; init; }
        public int? Port { get; init; }
    }

    private sealed record WithEnum
    {
        [JsonConverter(typeof(JsonStringEnumConverter<TlsMode>))]
        public TlsMode? Tls { get; init; }
    }
}
