using System.Net;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Hosting;

/// <summary>
/// Campaigns for the leader Lease once the caches are synced, renews it while leading, and ends the term (awaiting
/// its workers) when a renewal is overdue or another instance holds the Lease, before campaigning again. Registered
/// before the workers, so on shutdown the workers stop first while the Lease is still renewed, and it is then released.
/// At start-up a Lease that cannot be written at all (its namespace is missing, RBAC forbids it) is a fatal error:
/// that configuration does not heal by waiting, and exiting shows the reason where the kubelet's backoff retries it.
/// Once the Lease has been written, every failure is logged and retried.
/// </summary>
internal sealed partial class LeaderElectionService(
    LeaseElector elector,
    LeaderElectionOptions options,
    Leadership leadership,
    OperatorHealth health,
    FatalError fatal,
    OperatorIdentity identity,
    TimeProvider time,
    ILogger<LeaderElectionService> logger) : BackgroundService
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);
    private string? _reportedHolder;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await health.WhenSynced.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var acquired = await CampaignAsync(stoppingToken);
                var term = leadership.Begin(options.RenewDeadline - time.GetElapsedTime(acquired));
                LogLeading(logger, identity.Name, elector.Description);
                var lostBy = await HoldAsync(term, stoppingToken);
                await leadership.EndAsync();
                if (stoppingToken.IsCancellationRequested)
                {
                    await ReleaseAsync();
                    return;
                }

                LogStoppedLeading(logger, identity.Name, lostBy);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperatorStartException ex)
        {
            LogFatal(logger, ex.Message);
            fatal.Report(ex.Message);
        }
        finally
        {
            await leadership.EndAsync();
        }
    }

    /// <summary>Tries every retry period (with jitter) until the Lease is held here; returns when the winning attempt began.</summary>
    private async Task<long> CampaignAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                attempt.CancelAfter(options.RenewDeadline);
                if (await elector.TryAcquireOrRenewAsync(attempt.Token) is { } started)
                {
                    if (LeavesTimeToRenew(started))
                    {
                        return started;
                    }

                    continue; // held here, but the attempt was so slow that the term would end before its first renewal
                }

                ReportHolder();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var reason = Explain(ex);
                LogCampaignFailed(logger, elector.Description, reason);
                if (!elector.HasWritten && KubernetesErrors.StatusOf(ex) is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                {
                    throw new OperatorStartException($"cannot take part in leader election: {reason}");
                }
            }

            await Task.Delay(options.RetryPeriod * (1 + (0.2 * Random.Shared.NextDouble())), time, stoppingToken);
        }
    }

    /// <summary>Renews every retry period until the term is lost (overdue renewal) or taken; says which.</summary>
    private async Task<string> HoldAsync(LeadershipTerm term, CancellationToken stoppingToken)
    {
        using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Lost);
        var delay = options.RetryPeriod;
        while (true)
        {
            await Task.Delay(delay, time, holding.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = options.RetryPeriod;
            if (stoppingToken.IsCancellationRequested)
            {
                return "shutting down";
            }

            if (term.Lost.IsCancellationRequested)
            {
                return $"no renewal succeeded within {options.RenewDeadline.TotalSeconds:0} s";
            }

            try
            {
                if (await elector.TryAcquireOrRenewAsync(holding.Token) is { } started)
                {
                    leadership.Renewed(started, options.RenewDeadline);
                    delay = LeavesTimeToRenew(started) ? options.RetryPeriod : TimeSpan.Zero;
                    continue;
                }

                return elector.ObservedHolder is { Length: > 0 } holder && holder != identity.Name
                    ? $"{elector.Description} is now held by {holder}"
                    : $"{elector.Description} was changed by another instance";
            }
            catch (Exception ex) when (!holding.IsCancellationRequested)
            {
                LogRenewFailed(logger, elector.Description, Explain(ex));
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    // A slow request (an API server starting up) leaves less of the renew deadline than a retry period: renew again at once.
    private bool LeavesTimeToRenew(long started) => options.RenewDeadline - time.GetElapsedTime(started) > options.RetryPeriod;

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
            if (await elector.ReleaseAsync(timeout.Token))
            {
                LogReleased(logger, elector.Description);
            }
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, elector.Description, KubernetesErrors.Describe(ex));
        }
    }

    private void ReportHolder()
    {
        if (elector.ObservedHolder is { Length: > 0 } holder && holder != _reportedHolder)
        {
            _reportedHolder = holder;
            LogStandingBy(logger, elector.Description, holder);
        }
    }

    private string Explain(Exception ex) => KubernetesErrors.StatusOf(ex) switch
    {
        HttpStatusCode.NotFound => $"the namespace \"{options.LeaseNamespace}\" of the leader Lease does not exist (--lease-namespace): {KubernetesErrors.Describe(ex)}",
        HttpStatusCode.Forbidden => $"not allowed to get, create or update {elector.Description} (RBAC): {KubernetesErrors.Describe(ex)}",
        _ => KubernetesErrors.Describe(ex),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became the leader ({Lease}); reconciling")]
    private static partial void LogLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading ({Why}); reconciling stopped")]
    private static partial void LogStoppedLeading(ILogger logger, string identity, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Lease} is held by {Holder}; standing by")]
    private static partial void LogStandingBy(ILogger logger, string lease, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot become the leader: {Lease}: {Reason}")]
    private static partial void LogCampaignFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing {Lease} failed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Lease}")]
    private static partial void LogReleased(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Lease}: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string lease, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);
}
