using System.Diagnostics;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.Kubernetes;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Controller;

/// <summary>N workers that take keys from the queue, reconcile them and requeue by the result; errors back off per key.</summary>
internal sealed partial class ReconcileWorkers(
    WorkQueue queue, IReconciler reconciler, ControllerOptions options, TimeProvider time, ILogger<ReconcileWorkers> logger)
{
    /// <summary>
    /// Runs until <paramref name="stopping"/> fires, when a reconcile in flight finishes (up to the grace period) and no
    /// new key is taken, or until <paramref name="abort"/> fires (leadership lost), when reconciles in flight are
    /// cancelled at once. Returns when every worker has stopped.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abort = default)
    {
        using var hard = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(stopping, abort);
        await using var _ = stopping.Register(() => hard.CancelAfter(options.ShutdownGracePeriod));
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(soft.Token, hard.Token));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stopping, CancellationToken hard)
    {
        while (!stopping.IsCancellationRequested)
        {
            ObjectKey? next;
            try
            {
                next = await queue.GetAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is not { } key)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, hard);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var activity = OperatorTelemetry.ActivitySource.StartActivity("reconcile");
        activity?.SetTag("k8s.namespace.name", key.Namespace);
        activity?.SetTag("mailshare.mailserver.name", key.Name);
        var started = time.GetTimestamp();
        string result;
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, cancellationToken);
            queue.Forget(key);
            if (outcome.RequeueAfter is { } after)
            {
                queue.AddAfter(key, after);
                result = "requeue_after";
            }
            else
            {
                result = "success";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = "cancelled";
        }
        catch (NotLeaderException)
        {
            result = "not_leader"; // the term is ending; the next leader queues every key
        }
        catch (Exception ex) when (KubernetesErrors.IsConflict(ex))
        {
            // The object changed since the cache saw it (another writer, or a newer version on its way through the
            // watch): nothing was written; the watch event queues the key again, and the backoff bounds a hot loop.
            var delay = queue.AddRateLimited(key);
            result = "conflict";
            LogConflict(logger, key, delay.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            var delay = queue.AddRateLimited(key, KubernetesErrors.IsUnreachable(ex));
            result = "error";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogReconcileFailed(logger, key, queue.Failures(key), delay.TotalMilliseconds, ex.Message);
        }

        OperatorTelemetry.Reconciles.Add(1, new KeyValuePair<string, object?>("result", result));
        OperatorTelemetry.ReconcileDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("result", result));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconcile of {Key} wrote nothing: the object changed meanwhile; again in {DelayMs:F0} ms at the latest")]
    private static partial void LogConflict(ILogger logger, ObjectKey key, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Key} failed (attempt {Attempt}); retrying in {DelayMs:F0} ms: {Error}")]
    private static partial void LogReconcileFailed(ILogger logger, ObjectKey key, int attempt, double delayMs, string error);
}
