namespace MailServerOperator.Hosting;

/// <summary>
/// How a hosted service ends the process when it cannot go on: the reason is kept for <c>run</c>'s one-line message
/// and non-zero exit, /healthz turns unhealthy and the host stops.
/// </summary>
internal sealed class FatalError(OperatorHealth health, IHostApplicationLifetime lifetime)
{
    public void Report(string reason)
    {
        health.MarkFailed(reason);
        lifetime.StopApplication();
    }
}
