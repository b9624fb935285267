using System.Net;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Hosting;

/// <summary>What the reflectors' lists and watches failed with, so start-up can say why the caches do not sync.</summary>
internal sealed class ListFailures
{
    private readonly TaskCompletionSource<string> _denied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _last;

    /// <summary>Completes with a reason when the API server refused a list (401, 403): waiting will not help.</summary>
    public Task<string> Denied => _denied.Task;

    /// <summary>The latest failure, "RESOURCE: REASON"; null when none happened.</summary>
    public string? Last => Volatile.Read(ref _last);

    public void Record(string resource, Exception exception)
    {
        var reason = $"{resource}: {KubernetesErrors.Describe(exception)}";
        Volatile.Write(ref _last, reason);
        if (KubernetesErrors.StatusOf(exception) is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            _denied.TrySetResult($"not allowed to list {reason}");
        }
    }
}
