using k8s;
using k8s.Models;
using MailServerOperator.Controller;
using MailServerOperator.Informers;

namespace MailServerOperator.Hosting;

/// <summary>
/// Lists and watches MailServers (and, across all namespaces, the namespaces labelled managed) into the caches for as
/// long as the process runs, leader or not, and marks them synced. At start-up the caches must sync within
/// <see cref="OperatorOptions.StartupTimeout"/> and a refused list (401, 403) is fatal at once: an API server that
/// cannot be reached or a missing RBAC rule ends the process with one line, and the kubelet's backoff is the retry.
/// Once synced, a lost API server is waited out by the reflectors.
/// </summary>
internal sealed partial class InformerCaches(
    IKubernetes client,
    OperatorOptions options,
    ObjectStore<MailServerObject> servers,
    ObjectStore<V1Namespace> namespaces,
    MailServerEventHandler serverEvents,
    NamespaceEventHandler namespaceEvents,
    OperatorHealth health,
    FatalError fatal,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<InformerCaches>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = new ListFailures();
        var (reflectors, synced) = StartReflectors(failures, stoppingToken);
        try
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var first = await Task.WhenAny(synced, failures.Denied, Task.Delay(options.StartupTimeout, time, waiting.Token));
            await waiting.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
            if (first == synced)
            {
                health.MarkSynced();
                LogSynced(_logger);
            }
            else
            {
                var reason = first == failures.Denied
                    ? await failures.Denied
                    : $"the caches did not sync within {options.StartupTimeout.TotalSeconds:0} s: {failures.Last ?? "the API server did not answer"}";
                LogFatal(_logger, reason);
                fatal.Report(reason);
            }

            await Task.WhenAll(reflectors);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(_logger, ex);
            fatal.Report("the list+watch loop failed: " + ex.Message);
        }
    }

    private (List<Task> Reflectors, Task Synced) StartReflectors(ListFailures failures, CancellationToken stoppingToken)
    {
        var serverSources = options.Namespaces.Count == 0
            ? [new MailServerSource(client, null)]
            : options.Namespaces.Select(ns => new MailServerSource(client, ns)).ToList();
        var serverReflectors = serverSources
            .Select(source => new Reflector<MailServerObject>(
                new ObservedSource<MailServerObject>(source, failures), servers, serverEvents, options.Reflector, time, loggers.CreateLogger<Reflector<MailServerObject>>()))
            .ToList();
        var tasks = serverReflectors.Select(r => r.RunAsync(stoppingToken)).ToList();
        var syncs = serverReflectors.Select(r => r.Synced).ToList();

        if (options.Namespaces.Count == 0)
        {
            var namespaceReflector = new Reflector<V1Namespace>(
                new ObservedSource<V1Namespace>(new NamespaceSource(client), failures), namespaces, namespaceEvents, options.Reflector, time,
                loggers.CreateLogger<Reflector<V1Namespace>>());
            tasks.Add(namespaceReflector.RunAsync(stoppingToken));
            syncs.Add(namespaceReflector.Synced);
        }

        return (tasks, Task.WhenAll(syncs));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches synced")]
    private static partial void LogSynced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The list+watch loop failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
