using MailServerOperator.Admission;

namespace MailServerOperator.Tests.Admission;

/// <summary>Answers from a set of (user, namespace, Secret) that may be read, and records every question.</summary>
internal sealed class RecordingSecretAccessReview(params (string User, string Namespace, string Secret)[] readable) : ISecretAccessReview
{
    public List<(AdmissionUserInfo User, string Namespace, string Secret)> Questions { get; } = [];

    public Exception? Failure { get; init; }

    public Task<bool> MayGetAsync(AdmissionUserInfo user, string @namespace, string name, CancellationToken cancellationToken)
    {
        Questions.Add((user, @namespace, name));
        return Failure is { } failure
            ? Task.FromException<bool>(failure)
            : Task.FromResult(readable.Contains((user.Username ?? "", @namespace, name)));
    }
}
