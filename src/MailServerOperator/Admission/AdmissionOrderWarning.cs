using System.Text.Json;
using MailServerOperator.Informers;
using MailServerOperator.Validation;

namespace MailServerOperator.Admission;

/// <summary>
/// Adds the duplicate-<c>spec.order</c> warning to an accepted CREATE or UPDATE, judged against the operator's own cache of
/// the namespace (every replica keeps it, leader or not), so it costs the webhook no API request.
/// </summary>
internal static class AdmissionOrderWarning
{
    public static AdmissionDecision Add(AdmissionDecision decision, AdmissionRequest request, ObjectStore<MailServerObject>? cache)
    {
        if (cache is null || !decision.Allowed || request.Operation is not (AdmissionOperations.Create or AdmissionOperations.Update)
            || !string.IsNullOrEmpty(request.SubResource) || request.Namespace is not { Length: > 0 } ns
            || request.Object is not { ValueKind: JsonValueKind.Object } document || Order(document) is not { } order)
        {
            return decision;
        }

        var name = string.IsNullOrEmpty(request.Name) ? "" : request.Name;
        var namespaceServers = cache.List(ns).Select(o => new OrderedServer(o.Key.Name, o.Server.Spec?.Order));
        return OrderRules.Check(new OrderedServer(name, order), namespaceServers) is { } warning
            ? decision with { Warnings = [.. decision.Warnings, warning.ToString()] }
            : decision;
    }

    private static int? Order(JsonElement document) =>
        document.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
        && spec.TryGetProperty("order", out var order) && order.ValueKind == JsonValueKind.Number && order.TryGetInt32(out var value)
            ? value
            : null;
}
