using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

/// <summary>The one set of JSON options for MailServer objects: camelCase, no nulls written, unknown fields skipped (the schema validator reports them), timestamps as metav1.Time.</summary>
internal static class MailServerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new UtcTimestampJsonConverter() },
    };
}
