using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;

namespace MailServerOperator.Status;

internal static class StatusComparer
{
    /// <summary>Compares two statuses as the API server stores them (their JSON), so "nothing changed" means no write.</summary>
    public static bool AreEqual(MailServerStatus? current, MailServerStatus desired) =>
        current is not null
        && JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(current, MailServerJsonContext.Default.MailServerStatus),
            JsonSerializer.SerializeToNode(desired, MailServerJsonContext.Default.MailServerStatus));
}
