using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Admission;

/// <summary>
/// The webhook's whole judgement, as a pure function of the request and the operator's own user name:
/// CREATE and UPDATE run the shared validator (errors refuse, warnings are returned); the built-ins may be deleted,
/// and their spec and built-in label changed, only by the operator; the reserved names may be created only by it.
/// </summary>
internal static class AdmissionPolicy
{
    /// <summary>
    /// The users that empty a namespace being deleted (the namespace controller, with and without per-controller
    /// credentials). Refusing them would leave a deleted namespace Terminating for ever.
    /// </summary>
    public static IReadOnlyList<string> NamespaceCleanupUsers { get; } =
        ["system:serviceaccount:kube-system:namespace-controller", "system:kube-controller-manager"];

    public static AdmissionDecision Decide(AdmissionRequest request, string operatorUserName)
    {
        if (!IsMailServers(request.Resource) || !string.IsNullOrEmpty(request.SubResource))
        {
            // Not what this webhook is registered for (status writes, or a misconfigured rule): not its business.
            return AdmissionDecision.Allow();
        }

        var user = request.UserInfo?.Username;
        var isOperator = !string.IsNullOrEmpty(user) && string.Equals(user, operatorUserName, StringComparison.Ordinal);
        var name = string.IsNullOrEmpty(request.Name) ? NameOf(request.Object ?? request.OldObject) : request.Name;
        return request.Operation switch
        {
            AdmissionOperations.Create => Validate(request.Object, name, allowReservedNames: isOperator),
            AdmissionOperations.Update => DecideUpdate(request, name, isOperator),
            AdmissionOperations.Delete => DecideDelete(name, user, isOperator),
            _ => AdmissionDecision.Allow(),
        };
    }

    private static AdmissionDecision DecideUpdate(AdmissionRequest request, string? name, bool isOperator)
    {
        var specUnchanged = JsonNode.DeepEquals(Spec(request.OldObject), Spec(request.Object));
        if (IsBeingDeleted(request.OldObject) && specUnchanged)
        {
            // Removing a finalizer from an object on its way out must always work, valid or not.
            return AdmissionDecision.Allow();
        }

        if (ReservedMailServerNames.IsReserved(name) && !isOperator)
        {
            if (!specUnchanged)
            {
                return AdmissionDecision.Forbidden(name, $"spec: \"{name}\" is a built-in mail server: its spec holds the provider's published settings and only the operator may change it");
            }

            if (BuiltInLabel(request.OldObject) == "true" && BuiltInLabel(request.Object) != "true")
            {
                return AdmissionDecision.Forbidden(name, $"{FieldPath.Child("metadata.labels", BuiltInServers.BuiltInLabel)}: must stay \"true\": \"{name}\" is a built-in mail server");
            }
        }

        // A name never changes, and this one was accepted when the object was created: only new names are checked.
        return Validate(request.Object, name, allowReservedNames: true);
    }

    private static AdmissionDecision DecideDelete(string? name, string? user, bool isOperator) =>
        ReservedMailServerNames.IsReserved(name) && !isOperator && !NamespaceCleanupUsers.Contains(user, StringComparer.Ordinal)
            ? AdmissionDecision.Forbidden(name, $"\"{name}\" is a built-in mail server: the operator keeps it in every namespace that lists mail servers, so it cannot be deleted")
            : AdmissionDecision.Allow();

    private static AdmissionDecision Validate(JsonElement? document, string? name, bool allowReservedNames)
    {
        if (document is not { } value)
        {
            return AdmissionDecision.Invalid(name, [ValidationIssue.Error(FieldPath.Root, "the admission request carries no object to validate")], []);
        }

        var report = MailServerValidator.Validate(value, new MailServerValidationOptions { AllowReservedNames = allowReservedNames });

        // A built-in's warnings (Gmail's retention, say) are about settings nobody but the operator can change.
        List<string> warnings = ReservedMailServerNames.IsReserved(name) ? [] : [.. report.Warnings.Select(warning => warning.ToString())];
        return report.HasErrors ? AdmissionDecision.Invalid(name, report.Errors, warnings) : AdmissionDecision.Allow(warnings);
    }

    private static bool IsMailServers(AdmissionResource? resource) =>
        resource is { Group: MailServer.Group, Resource: MailServer.Plural };

    private static string? NameOf(JsonElement? document) =>
        Metadata(document) is { } metadata && metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    private static bool IsBeingDeleted(JsonElement? document) =>
        Metadata(document) is { } metadata && metadata.TryGetProperty("deletionTimestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String;

    private static string? BuiltInLabel(JsonElement? document) =>
        Metadata(document) is { } metadata
        && metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
        && labels.TryGetProperty(BuiltInServers.BuiltInLabel, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonElement? Metadata(JsonElement? document) =>
        document is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata
            : null;

    private static JsonNode? Spec(JsonElement? document) =>
        document is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("spec", out var spec) ? JsonNode.Parse(spec.GetRawText()) : null;
}
