using System.Text.Json;
using MailServerOperator.Controller;
using MailServerOperator.Validation;

namespace MailServerOperator.Admission;

/// <summary>
/// Adds the duplicate-<c>spec.order</c> warning to an accepted CREATE or UPDATE, judged against the operator's own order index
/// of the namespace (every replica keeps it, leader or not), so it costs the webhook no API request and no scan.
/// </summary>
internal static class AdmissionOrderWarning
{
    public static AdmissionDecision Add(AdmissionDecision decision, AdmissionRequest request, DisplayOrderIndex? order)
    {
        if (order is null || !decision.Allowed || request.Operation is not (AdmissionOperations.Create or AdmissionOperations.Update)
            || !string.IsNullOrEmpty(request.SubResource) || request.Namespace is not { Length: > 0 } ns
            || request.Object is not { ValueKind: JsonValueKind.Object } document || Order(document) is not { } value)
        {
            return decision;
        }

        var name = string.IsNullOrEmpty(request.Name) ? "" : request.Name;
        var namespaceServers = order.NamesWithOrder(ns, value).Select(other => new OrderedServer(other, value));
        return OrderRules.Check(new OrderedServer(name, value), namespaceServers) is { } warning
            ? decision with { Warnings = [.. decision.Warnings, warning.ToString()] }
            : decision;
    }

    private static int? Order(JsonElement document) =>
        document.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
        && spec.TryGetProperty("order", out var order) && order.ValueKind == JsonValueKind.Number && order.TryGetInt32(out var value)
            ? value
            : null;
}
