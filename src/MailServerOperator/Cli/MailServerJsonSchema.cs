using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.Manifests;

namespace MailServerOperator.Cli;

/// <summary>
/// A JSON Schema (draft-07, which yaml-language-server and VS Code read) of a MailServer manifest, derived from the CRD's
/// openAPIV3Schema: apiVersion and kind pinned, metadata as Kubernetes' ObjectMeta, OpenAPI's <c>nullable</c> as a null
/// type, the <c>x-kubernetes-*</c> extensions dropped, and every object closed (<c>additionalProperties: false</c>) so
/// an editor flags a misspelt field, as the operator does.
/// </summary>
internal static class MailServerJsonSchema
{
    public const string FileName = "mailserver.schema.json";

    private static readonly string[] ObjectMetaFields =
    [
        "name", "generateName", "namespace", "labels", "annotations", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink",
    ];

    public static string Generate()
    {
        var crd = ManifestReader.ReadText(CrdResource.ResourceName, CrdResource.ReadYaml()).Documents.Single().Content;
        var version = crd.GetProperty("spec").GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("name").GetString() == MailServer.Version);
        var openApi = JsonNode.Parse(version.GetProperty("schema").GetProperty("openAPIV3Schema").GetRawText())!.AsObject();

        var schema = Convert(openApi);
        var properties = schema["properties"]!.AsObject();
        properties["apiVersion"]!["enum"] = new JsonArray(MailServer.ApiVersionName);
        properties["kind"]!["enum"] = new JsonArray(MailServer.KindName);
        properties["metadata"] = ObjectMeta();
        schema["required"] = new JsonArray("apiVersion", "kind", "metadata", "spec");

        var document = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = $"{MailServer.KindName} ({MailServer.ApiVersionName})",
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            document[key] = value;
        }

        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Convert(JsonObject openApi)
    {
        var schema = new JsonObject();
        foreach (var (key, value) in openApi)
        {
            if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal) || key == "nullable")
            {
                continue;
            }

            schema[key] = key switch
            {
                "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value!.AsObject())))),
                "items" or "additionalProperties" when value is JsonObject inner => Convert(inner),
                "anyOf" or "allOf" or "oneOf" => new JsonArray([.. value!.AsArray().Select(item => (JsonNode?)Convert(item!.AsObject()))]),
                _ => value?.DeepClone(),
            };
        }

        if (openApi["nullable"]?.GetValue<bool>() == true && schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        var preservesUnknown = openApi["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties") && !preservesUnknown)
        {
            schema["additionalProperties"] = false;
        }

        return schema;
    }

    private static JsonObject ObjectMeta()
    {
        var strings = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } };
        var properties = new JsonObject();
        foreach (var field in ObjectMetaFields)
        {
            properties[field] = field switch
            {
                "labels" or "annotations" => strings.DeepClone(),
                "generation" or "deletionGracePeriodSeconds" => new JsonObject { ["type"] = "integer" },
                "creationTimestamp" or "deletionTimestamp" => new JsonObject { ["type"] = new JsonArray("string", "null") },
                "ownerReferences" or "managedFields" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                "finalizers" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                _ => new JsonObject { ["type"] = "string" },
            };
        }

        properties["name"]!["description"] = "The object's name: a DNS subdomain, unique in its namespace; gmail and exchange-online are reserved.";
        properties["namespace"]!["description"] = "The namespace whose list this server belongs to.";
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Standard object metadata (Kubernetes ObjectMeta).",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }
}
