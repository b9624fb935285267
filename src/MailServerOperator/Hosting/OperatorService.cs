using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using MailServerOperator.Controller;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Hosting;

/// <summary>
/// The operator's main loop: list+watch into the caches, wait until they are synced, then reconcile with N workers,
/// either at once or only while holding the leader Lease.
/// </summary>
internal sealed partial class OperatorService(
    IKubernetes client,
    OperatorOptions options,
    ObjectStore<MailServerObject> servers,
    ObjectStore<V1Namespace> namespaces,
    MailServerEventHandler serverEvents,
    NamespaceEventHandler namespaceEvents,
    WorkQueue queue,
    ReconcileWorkers workers,
    ManagedNamespaces managed,
    OperatorHealth health,
    OperatorIdentity identity,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<OperatorService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var reflectors = StartReflectors(stoppingToken, out var synced);
            await synced.WaitAsync(stoppingToken);
            health.MarkSynced();
            LogSynced(_logger);

            if (options.LeaderElection.Enabled)
            {
                await RunWhileLeadingAsync(stoppingToken);
            }
            else
            {
                health.SetLeading(true);
                EnqueueEverything();
                await workers.RunAsync(stoppingToken);
            }

            await Task.WhenAll(reflectors);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            health.MarkFailed();
            LogFailed(_logger, ex);
            throw;
        }
    }

    private List<Task> StartReflectors(CancellationToken stoppingToken, out Task synced)
    {
        var serverSources = options.Namespaces.Count == 0
            ? [new MailServerSource(client, null)]
            : options.Namespaces.Select(ns => new MailServerSource(client, ns)).ToList();
        var serverReflectors = serverSources
            .Select(source => new Reflector<MailServerObject>(source, servers, serverEvents, options.Reflector, time, loggers.CreateLogger<Reflector<MailServerObject>>()))
            .ToList();
        var tasks = serverReflectors.Select(r => r.RunAsync(stoppingToken)).ToList();
        var syncs = serverReflectors.Select(r => r.Synced).ToList();

        if (options.Namespaces.Count == 0)
        {
            var namespaceReflector = new Reflector<V1Namespace>(
                new NamespaceSource(client), namespaces, namespaceEvents, options.Reflector, time, loggers.CreateLogger<Reflector<V1Namespace>>());
            tasks.Add(namespaceReflector.RunAsync(stoppingToken));
            syncs.Add(namespaceReflector.Synced);
        }

        synced = Task.WhenAll(syncs);
        return tasks;
    }

    private async Task RunWhileLeadingAsync(CancellationToken stoppingToken)
    {
        var election = options.LeaderElection;
        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, election.LeaseNamespace, election.LeaseName, identity.Name))
        {
            LeaseDuration = election.LeaseDuration,
            RenewDeadline = election.RenewDeadline,
            RetryPeriod = election.RetryPeriod,
        });

        CancellationTokenSource? term = null;
        Task running = Task.CompletedTask;
        elector.OnStartedLeading += () =>
        {
            LogLeading(_logger, identity.Name);
            health.SetLeading(true);
            term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            EnqueueEverything();
            running = workers.RunAsync(term.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            LogStoppedLeading(_logger, identity.Name);
            health.SetLeading(false);
            term?.Cancel();
        };

        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await running;
        term?.Dispose();
        if (elector.IsLeader())
        {
            await ReleaseLeaseAsync();
        }
    }

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await LeaseRelease.ReleaseAsync(client, options.LeaderElection, identity.Name, timeout.Token);
            LogReleased(_logger, options.LeaderElection.LeaseName);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(_logger, ex.Message);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches synced")]
    private static partial void LogSynced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became the leader; reconciling")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading; reconciling paused")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released lease {Lease}")]
    private static partial void LogReleased(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The operator loop failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
