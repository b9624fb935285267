using MailServerOperator.Controller;
using MailServerOperator.Informers;

namespace MailServerOperator.Hosting;

/// <summary>
/// Runs the reconcile workers during each leadership term, once the caches are synced: every key is queued at the
/// start of a term; when the term is lost the workers are cancelled at once and awaited before the term is handed back.
/// On shutdown, in-flight reconciles get the grace period (shorter than the lease duration) while the Lease is still renewed.
/// </summary>
internal sealed partial class ReconcileService(
    OperatorOptions options,
    OperatorHealth health,
    Leadership leadership,
    ReconcileWorkers workers,
    WorkQueue queue,
    ObjectStore<MailServerObject> servers,
    MailServerEventHandler serverEvents,
    ManagedNamespaces managed,
    FatalError fatal,
    ILogger<ReconcileService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await health.WhenSynced.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var term = await leadership.NextTermAsync(stoppingToken);
                try
                {
                    EnqueueEverything();
                    await workers.RunAsync(stoppingToken, term.Lost);
                }
                finally
                {
                    term.Stopped();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            fatal.Report("the reconcile loop failed: " + ex.Message);
        }
    }

    private void EnqueueEverything()
    {
        var all = options.Namespaces.Count == 0 ? managed.All() : options.Namespaces;
        foreach (var ns in all)
        {
            serverEvents.EnqueueNamespace(ns);
        }

        foreach (var key in servers.Keys())
        {
            queue.Add(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The reconcile loop failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
