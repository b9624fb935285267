using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using MailServerOperator.Kubernetes;
using MailServerOperator.Verification;

namespace MailServerOperator.Api;

/// <summary>
/// The JSON contracts of MailServer objects, generated at compile time (no reflection, so the operator can be
/// published as NativeAOT): camelCase, no nulls written, unknown fields skipped (the schema validator reports them),
/// numbers only as numbers, timestamps as metav1.Time. <see cref="MailServerJson.Options"/> are its options.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(MailServer))]
[JsonSerializable(typeof(MailServerSpec))]
[JsonSerializable(typeof(MailServerStatus))]
[JsonSerializable(typeof(V1ObjectMeta))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(SpecFingerprint.Relevant))]
[JsonSerializable(typeof(EventSeriesPatch))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class MailServerJsonContext : JsonSerializerContext;
