using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailServerOperator.Admission;

internal static class AdmissionJson
{
    /// <summary>camelCase as Kubernetes writes it; absent fields stay absent in the response.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
