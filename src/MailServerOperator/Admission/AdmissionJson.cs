using System.Text.Json;

namespace MailServerOperator.Admission;

internal static class AdmissionJson
{
    /// <summary>camelCase as Kubernetes writes it; absent fields stay absent in the response (<see cref="AdmissionJsonContext"/>).</summary>
    public static JsonSerializerOptions Options => AdmissionJsonContext.Default.Options;
}
