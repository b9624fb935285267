using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Admission;

/// <summary>
/// The webhook's judgement of what a request asks for, as a pure function of the request and the operator's own user
/// name: CREATE and UPDATE run the shared validator (errors refuse, warnings are returned); the built-ins may be deleted,
/// and their spec, built-in label, owners and finalizers changed, only by the operator (the namespace controller and
/// the garbage collector may delete them when that is their job); the reserved names may be created only by it.
/// Whether the requester may use a probe Secret is asked of the apiserver afterwards (<see cref="AdmissionReviewer"/>).
/// </summary>
internal static class AdmissionPolicy
{
    /// <summary>
    /// The users that empty a namespace being deleted (the namespace controller, with and without per-controller
    /// credentials). Refusing them would leave a deleted namespace Terminating for ever.
    /// </summary>
    public static IReadOnlyList<string> NamespaceCleanupUsers { get; } =
        ["system:serviceaccount:kube-system:namespace-controller", "system:kube-controller-manager"];

    /// <summary>
    /// The garbage collector with per-controller credentials (<c>--use-service-account-credentials</c>); without them it is
    /// <c>system:kube-controller-manager</c>, a <see cref="NamespaceCleanupUsers"/> member. It may delete a built-in only
    /// when the built-in has owners, the one reason it ever deletes anything.
    /// </summary>
    public const string GarbageCollectorUser = "system:serviceaccount:kube-system:generic-garbage-collector";

    public static AdmissionDecision Decide(AdmissionRequest request, string operatorUserName, bool allowPlaintextCredentials = false)
    {
        if (!IsMailServers(request.Resource) || !string.IsNullOrEmpty(request.SubResource))
        {
            // Not what this webhook is registered for (status writes, or a misconfigured rule): not its business.
            return AdmissionDecision.Allow();
        }

        var user = request.UserInfo?.Username;
        var isOperator = !string.IsNullOrEmpty(user) && string.Equals(user, operatorUserName, StringComparison.Ordinal);
        var name = string.IsNullOrEmpty(request.Name) ? NameOf(request.Object ?? request.OldObject) : request.Name;
        var validation = new MailServerValidationOptions { AllowReservedNames = isOperator, AllowPlaintextCredentials = allowPlaintextCredentials };
        return request.Operation switch
        {
            AdmissionOperations.Create => Validate(request.Object, name, validation),
            AdmissionOperations.Update => DecideUpdate(request, name, isOperator, validation),
            AdmissionOperations.Delete => DecideDelete(request.OldObject, name, user, isOperator),
            _ => AdmissionDecision.Forbidden(name, $"operation: only {string.Join(", ", AdmissionOperations.Judged)} are judged here"),
        };
    }

    private static AdmissionDecision DecideUpdate(AdmissionRequest request, string? name, bool isOperator, MailServerValidationOptions validation)
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

            // An owner would let the garbage collector delete the built-in, a finalizer would keep a deleted one from going.
            foreach (var field in (string[])["ownerReferences", "finalizers"])
            {
                if (Added(request.OldObject, request.Object, field))
                {
                    return AdmissionDecision.Forbidden(name, $"metadata.{field}: \"{name}\" is a built-in mail server: only the operator may add {field} to it");
                }
            }
        }

        // A name never changes, and this one was accepted when the object was created: only new names are checked.
        return Validate(request.Object, name, validation with { AllowReservedNames = true });
    }

    private static AdmissionDecision DecideDelete(JsonElement? stored, string? name, string? user, bool isOperator)
    {
        var mayDelete = !ReservedMailServerNames.IsReserved(name)
            || isOperator
            || NamespaceCleanupUsers.Contains(user, StringComparer.Ordinal)
            || (user == GarbageCollectorUser && Items(stored, "ownerReferences").Count > 0);
        return mayDelete
            ? AdmissionDecision.Allow()
            : AdmissionDecision.Forbidden(name, $"\"{name}\" is a built-in mail server: the operator keeps it in every namespace that lists mail servers, so it cannot be deleted");
    }

    private static AdmissionDecision Validate(JsonElement? document, string? name, MailServerValidationOptions validation)
    {
        if (document is not { } value)
        {
            return AdmissionDecision.Invalid(name, [ValidationIssue.Error(FieldPath.Root, "the admission request carries no object to validate")], []);
        }

        var report = MailServerValidator.Validate(value, validation);

        // A built-in's warnings (Gmail's retention, say) are about settings nobody but the operator can change.
        List<string> warnings = ReservedMailServerNames.IsReserved(name) ? [] : [.. report.Warnings.Select(warning => warning.ToString())];
        return report.HasErrors ? AdmissionDecision.Invalid(name, report.Errors, warnings) : AdmissionDecision.Allow(warnings);
    }

    internal static bool IsMailServers(AdmissionResource? resource) =>
        resource is { Group: MailServer.Group, Resource: MailServer.Plural };

    internal static string? NameOf(JsonElement? document) =>
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

    /// <summary>Whether <paramref name="updated"/> has an entry in metadata.<paramref name="field"/> that <paramref name="stored"/> lacks.</summary>
    private static bool Added(JsonElement? stored, JsonElement? updated, string field)
    {
        var before = Items(stored, field);
        return Items(updated, field).Any(item => !before.Any(old => JsonElement.DeepEquals(old, item)));
    }

    private static IReadOnlyList<JsonElement> Items(JsonElement? document, string field) =>
        Metadata(document) is { } metadata && metadata.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray()]
            : [];

    private static JsonElement? Metadata(JsonElement? document) =>
        document is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata
            : null;

    internal static JsonNode? Spec(JsonElement? document) =>
        document is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("spec", out var spec) ? JsonNode.Parse(spec.GetRawText()) : null;
}
