using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailServerOperator.Admission;

/// <summary>The AdmissionReview envelope, generated at compile time: camelCase as Kubernetes writes it; absent fields stay absent in the response.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
