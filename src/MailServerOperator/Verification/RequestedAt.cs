using k8s.Models;

namespace MailServerOperator.Verification;

/// <summary>The annotation that asks for a verification now (like Flux's reconcile.fluxcd.io/requestedAt): any new value.</summary>
internal static class RequestedAt
{
    public const string Annotation = "mailshare.io/requested-at";

    public static string? Of(V1ObjectMeta metadata) =>
        metadata.Annotations?.TryGetValue(Annotation, out var value) == true && value.Length > 0 ? value : null;
}
