using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailServerOperator.Admission;

/// <summary>
/// Decides a request: first <see cref="AdmissionPolicy"/> on what it asks for, then, when it points a MailServer at a probe
/// Secret, whether the requester may read that Secret themselves. The operator reads it with its own rights, so without
/// this check anyone who may write MailServers could have the operator log in with any Secret of the namespace at a
/// server of their choice (a confused deputy).
/// </summary>
internal sealed partial class AdmissionReviewer(WebhookOptions options, ISecretAccessReview access, ILogger<AdmissionReviewer> logger)
{
    public const string SecretField = "spec.probe.credentialsSecretRef.name";

    public async Task<AdmissionDecision> DecideAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var decision = AdmissionPolicy.Decide(request, options.OperatorUserName, options.AllowPlaintextCredentials);
        if (!decision.Allowed || SecretToAuthorize(request) is not { } secret)
        {
            return decision;
        }

        var name = string.IsNullOrEmpty(request.Name) ? AdmissionPolicy.NameOf(request.Object) : request.Name;
        var user = request.UserInfo ?? new AdmissionUserInfo();
        bool mayGet;
        try
        {
            mayGet = await access.MayGetAsync(user, request.Namespace!, secret, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReviewFailed(logger, request.Namespace!, secret, ex.GetType().Name);
            return AdmissionDecision.Unavailable(name, $"{SecretField}: whether you may read this Secret could not be checked just now; try again");
        }

        // The same words whether the Secret exists or not: the answer is about the requester's rights, never the Secret.
        return mayGet
            ? decision
            : AdmissionDecision.ForbiddenField(
                name,
                SecretField,
                $"user \"{user.Username}\" may not get Secret \"{secret}\" in namespace \"{request.Namespace}\": a MailServer may name only a probe Secret its author may read",
                decision.Warnings);
    }

    /// <summary>
    /// The probe Secret to authorize: named by a MailServer created, or updated with a changed spec (a new host is enough
    /// to send the same Secret somewhere else). Null when there is nothing to check.
    /// </summary>
    internal static string? SecretToAuthorize(AdmissionRequest request)
    {
        if (request.Operation is not (AdmissionOperations.Create or AdmissionOperations.Update)
            || !AdmissionPolicy.IsMailServers(request.Resource) || !string.IsNullOrEmpty(request.SubResource)
            || string.IsNullOrEmpty(request.Namespace)
            || SecretName(request.Object) is not { } secret)
        {
            return null;
        }

        return request.Operation == AdmissionOperations.Update && JsonNode.DeepEquals(AdmissionPolicy.Spec(request.OldObject), AdmissionPolicy.Spec(request.Object))
            ? null
            : secret;
    }

    private static string? SecretName(JsonElement? document) =>
        document is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
        && spec.TryGetProperty("probe", out var probe) && probe.ValueKind == JsonValueKind.Object
        && probe.TryGetProperty("credentialsSecretRef", out var reference) && reference.ValueKind == JsonValueKind.Object
        && reference.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text
            ? text
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "SubjectAccessReview for Secret {Namespace}/{Secret} failed ({Error}); the request is refused")]
    private static partial void LogReviewFailed(ILogger logger, string @namespace, string secret, string error);
}
