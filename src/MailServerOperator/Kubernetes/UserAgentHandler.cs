namespace MailServerOperator.Kubernetes;

/// <summary>Sets the User-Agent of every request (KubernetesClient's own names only the library).</summary>
internal sealed class UserAgentHandler(string userAgent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
