namespace MailServerOperator.Admission;

/// <summary>Asks the apiserver's authorizers whether a user may read a Secret.</summary>
internal interface ISecretAccessReview
{
    /// <summary>Whether <paramref name="user"/> may <c>get</c> the Secret <paramref name="name"/> in <paramref name="namespace"/>.</summary>
    Task<bool> MayGetAsync(AdmissionUserInfo user, string @namespace, string name, CancellationToken cancellationToken);
}
