using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Validation;
using MailServerOperator.Validation.Schema;
using YamlDotNet.RepresentationModel;

namespace MailServerOperator.Tests.Api;

/// <summary>The CRD document itself: what a Kubernetes 1.20 API server accepts, and what kubectl shows.</summary>
public sealed class MailServerCrdTests
{
    private static readonly YamlMappingNode Crd = (YamlMappingNode)YamlNodes.Parse(CrdResource.ReadYaml());

    public static TheoryData<string, string, string> PrinterColumns => new()
    {
        { "Position", "integer", ".status.position" },
        { "Display name", "string", ".spec.displayName" },
        { "Incoming", "string", ".status.incoming.endpoint" },
        { "Outgoing", "string", ".status.outgoing.endpoint" },
        { "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status" },
        { "Age", "date", ".metadata.creationTimestamp" },
    };

    [Fact]
    public void Crd_Names_DeclareMailServerInGroupMailshareIo()
    {
        var spec = Map(Crd, "spec");

        Assert.Equal("mailservers.mailshare.io", Scalar(Map(Crd, "metadata"), "name"));
        Assert.Equal(MailServer.Group, Scalar(spec, "group"));
        Assert.Equal("Namespaced", Scalar(spec, "scope"));
        Assert.Equal(MailServer.KindName, Scalar(Map(spec, "names"), "kind"));
        Assert.Equal(MailServer.Plural, Scalar(Map(spec, "names"), "plural"));
        Assert.Equal(["ms"], Strings(Map(spec, "names"), "shortNames"));
        Assert.Equal(["mail"], Strings(Map(spec, "names"), "categories"));
    }

    [Fact]
    public void Crd_Version_IsServedStoredWithStatusSubresource()
    {
        var version = Version();

        Assert.Equal("true", Scalar(version, "served"));
        Assert.Equal("true", Scalar(version, "storage"));
        Assert.Empty(Map(Map(version, "subresources"), "status").Children);
    }

    [Theory]
    [MemberData(nameof(PrinterColumns))]
    public void Crd_PrinterColumn_IsDeclared(string name, string type, string jsonPath)
    {
        var columns = ((YamlSequenceNode)Version()["additionalPrinterColumns"]).Children.Cast<YamlMappingNode>();

        var column = Assert.Single(columns, c => Scalar(c, "name") == name);

        Assert.Equal(type, Scalar(column, "type"));
        Assert.Equal(jsonPath, Scalar(column, "jsonPath"));
    }

    [Theory]
    [MemberData(nameof(PrinterColumns))]
    public void Crd_PrinterColumnPath_PointsAtDeclaredField(string name, string type, string jsonPath)
    {
        _ = (name, type);
        var fields = jsonPath.Split('[')[0].TrimStart('.').Split('.');
        if (fields is ["metadata", var metadataField])
        {
            // The CRD schema leaves metadata to the API server: the column must name a field of ObjectMeta.
            Assert.Contains(metadataField, ObjectMetaFields());
            return;
        }

        var node = CrdSchemaValidator.Schema;
        foreach (var field in fields)
        {
            node = node.Properties.GetValueOrDefault(field) ?? node.Items?.Properties.GetValueOrDefault(field);
            Assert.True(node is not null, $"{jsonPath}: {field} is not in the schema");
        }
    }

    [Fact]
    public void Crd_AnyNode_HasNoCelRules()
    {
        var keys = new List<string>();
        CollectKeys(Crd, keys);

        Assert.DoesNotContain("x-kubernetes-validations", keys);
        Assert.Contains("openAPIV3Schema", keys);
    }

    [Fact]
    public void Schema_EveryNode_HasDescription()
    {
        var missing = Nodes(CrdSchemaValidator.Schema, "(root)")
            .Where(n => n.Path != "(root).metadata" && string.IsNullOrWhiteSpace(n.Schema.Description))
            .Select(n => n.Path);

        Assert.Empty(missing);
    }

    [Fact]
    public void Schema_RootMetadata_HasNothingButItsType()
    {
        // A 1.20 API server refuses a CRD whose metadata schema holds anything else, a description included.
        Assert.Equal(new OpenApiSchema { Type = SchemaType.Object }, CrdSchemaValidator.Schema.Properties["metadata"]);
    }

    [Fact]
    public void Schema_EveryNode_IsStructural()
    {
        var problems = new List<string>();
        foreach (var (path, node) in Nodes(CrdSchemaValidator.Schema, "(root)"))
        {
            if (node.IntOrString != (node.Type == SchemaType.Unspecified))
            {
                problems.Add($"{path}: must have a type unless it is int-or-string, and no type if it is");
            }

            if (node.Type == SchemaType.Array && node.Items is null)
            {
                problems.Add($"{path}: an array needs items");
            }

            problems.AddRange(node.Required.Where(r => !node.Properties.ContainsKey(r)).Select(r => $"{path}: required {r} is not a property"));
            problems.AddRange(node.ListMapKeys.Where(k => node.Items?.Required.Contains(k) != true).Select(k => $"{path}: list map key {k} must be required"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Schema_EveryDefault_IsValidForItsNode()
    {
        var defaults = Nodes(CrdSchemaValidator.Schema, "(root)").Where(n => n.Schema.Default is not null).ToList();

        Assert.NotEmpty(defaults);
        Assert.All(defaults, n => Assert.Empty(OpenApiValidator.Validate(n.Schema.Default!.Value, n.Schema)));
    }

    [Fact]
    public void Schema_Ports_HaveNoDefault()
    {
        // The default port depends on protocol and tls, which the schema cannot express: the operator resolves it.
        var spec = CrdSchemaValidator.Schema.Properties["spec"];

        Assert.Null(spec.Properties["incoming"].Properties["port"].Default);
        Assert.Null(spec.Properties["outgoing"].Properties["port"].Default);
    }

    private static IEnumerable<(string Path, OpenApiSchema Schema)> Nodes(OpenApiSchema schema, string path)
    {
        yield return (path, schema);
        foreach (var (name, property) in schema.Properties)
        {
            foreach (var node in Nodes(property, $"{path}.{name}"))
            {
                yield return node;
            }
        }

        if (schema.Items is not null)
        {
            foreach (var node in Nodes(schema.Items, path + "[]"))
            {
                yield return node;
            }
        }
    }

    private static void CollectKeys(YamlNode node, List<string> keys)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    keys.Add(((YamlScalarNode)key).Value!);
                    CollectKeys(value, keys);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    CollectKeys(item, keys);
                }

                break;
        }
    }

    /// <summary>The JSON names of Kubernetes' ObjectMeta, as the client library models it.</summary>
    private static List<string> ObjectMetaFields() =>
        [.. typeof(V1ObjectMeta).GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>()];

    private static YamlMappingNode Version() =>
        Assert.Single(((YamlSequenceNode)Map(Crd, "spec")["versions"]).Children.Cast<YamlMappingNode>(), v => Scalar(v, "name") == MailServer.Version);

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;

    private static List<string?> Strings(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(c => ((YamlScalarNode)c).Value).ToList();
}
