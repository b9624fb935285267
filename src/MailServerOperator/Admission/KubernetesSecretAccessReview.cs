using k8s;
using k8s.Models;

namespace MailServerOperator.Admission;

/// <summary>A SubjectAccessReview with the requester's whole identity (RBAC: create subjectaccessreviews).</summary>
internal sealed class KubernetesSecretAccessReview(IKubernetes client) : ISecretAccessReview
{
    public async Task<bool> MayGetAsync(AdmissionUserInfo user, string @namespace, string name, CancellationToken cancellationToken)
    {
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Username,
                Uid = user.Uid,
                Groups = user.Groups is { } groups ? [.. groups] : null,
                Extra = user.Extra?.ToDictionary(entry => entry.Key, entry => (IList<string>)[.. entry.Value]),
                ResourceAttributes = new V1ResourceAttributes
                {
                    Group = "",
                    Version = "v1",
                    Resource = "secrets",
                    Verb = "get",
                    NamespaceProperty = @namespace,
                    Name = name,
                },
            },
        };
        var answer = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancellationToken);
        return answer.Status is { Allowed: true, Denied: not true };
    }
}
