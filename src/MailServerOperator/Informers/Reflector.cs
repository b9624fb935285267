using k8s;
using k8s.Autorest;
using MailServerOperator.Api;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Informers;

/// <summary>
/// List, then watch from the list's resourceVersion, forever: resumes from the last seen version (bookmarks
/// included) when a watch ends, lists again on 410 Gone, reconnects with a jittered exponential backoff (capped low,
/// reset once a watch delivers: <see cref="ReflectorBackoff"/>) and restarts a watch that stays silent past a
/// deadline. KubernetesClient does none of this by itself.
/// </summary>
internal sealed partial class Reflector<T>(
    IResourceSource<T> source,
    ObjectStore<T> store,
    IResourceEventHandler<T> handler,
    ReflectorOptions options,
    TimeProvider time,
    ILogger logger)
    where T : class
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _watching;
    private int _failures; // consecutive failed lists and watches since a watch last delivered
    private string? _lastSeen; // the newest resourceVersion a list or watch delivered: a relist asks for no older

    public Task Synced => _synced.Task;

    public bool IsWatching => _watching;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync(cancellationToken);
                _lastSeen = resourceVersion;
                _synced.TrySetResult();
                resourceVersion = await WatchAsync(resourceVersion, cancellationToken);
                _failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ResourceExpiredException ex)
            {
                OperatorTelemetry.WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", "gone"));
                LogExpired(logger, source.Description, ex.Message);
                resourceVersion = null;
            }
            catch (Exception ex)
            {
                _watching = false;
                var delay = ReflectorBackoff.Delay(_failures++, options, Random.Shared.NextDouble());
                OperatorTelemetry.WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", "error"));
                LogWatchFailed(logger, source.Description, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _watching = false;
    }

    /// <summary>
    /// Replaces this source's part of the store with a fresh list and reports what changed since the last one. Each
    /// page is stored as it arrives (an unchanged object's new copy is dropped at once, a changed one replaces the old
    /// copy), so a relist holds the store and one page, not the old and the new world at once; what the list did not
    /// name is deleted once it is complete. Several reflectors may share one store (one per namespace): a relist only
    /// removes keys of its own namespace.
    /// </summary>
    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<ObjectKey>();
        var resourceVersion = "";
        try
        {
            await foreach (var page in source.ListAsync(_lastSeen, cancellationToken))
            {
                resourceVersion = page.ResourceVersion.Length > 0 ? page.ResourceVersion : resourceVersion;
                foreach (var item in page.Items)
                {
                    var id = source.Identify(item);
                    seen.Add(id.Key);
                    Upsert(id, item);
                }
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _lastSeen = null; // the next list takes any version the API server has rather than insisting on this one
            throw;
        }

        foreach (var key in store.Keys(source.Namespace).Where(k => !seen.Contains(k)))
        {
            // An object stored at a version newer than the list (the operator's own write, seen first) is kept: the
            // list's snapshot predates it, so its absence there says nothing.
            if (store.Get(key) is { } held && IsNewerThan(source.Identify(held).ResourceVersion, resourceVersion))
            {
                continue;
            }

            if (store.Remove(key) is { } gone)
            {
                handler.OnDelete(gone);
            }
        }

        LogListed(logger, source.Description, seen.Count, resourceVersion);
        return resourceVersion;
    }

    private static bool IsNewerThan(string candidate, string list) =>
        long.TryParse(candidate, out var c) && long.TryParse(list, out var l) && c > l;

    private async Task<string> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        Exception? watchError = null;
        using var silence = new CancellationTokenSource(options.SilenceDeadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var serverTimeout = options.WatchServerTimeout * (1 + Random.Shared.NextDouble());
        _watching = true;
        try
        {
            await foreach (var (type, item) in source.WatchAsync(resourceVersion, serverTimeout, ex => watchError ??= ex, linked.Token))
            {
                silence.CancelAfter(options.SilenceDeadline);
                _failures = 0; // the API server is answering: a failure from here on reconnects promptly
                var id = source.Identify(item);
                resourceVersion = id.ResourceVersion;
                _lastSeen = resourceVersion;
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        Upsert(id, item);
                        break;
                    case WatchEventType.Deleted:
                        if (store.Remove(id.Key) is { } previous)
                        {
                            handler.OnDelete(previous);
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            OperatorTelemetry.WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", "silent"));
            LogSilent(logger, source.Description, options.SilenceDeadline.TotalSeconds);
            return resourceVersion;
        }
        finally
        {
            _watching = false;
        }

        if (watchError is not null)
        {
            if (IsGone(watchError))
            {
                throw new ResourceExpiredException($"resourceVersion {resourceVersion} expired", watchError);
            }

            throw new InvalidOperationException("watch failed: " + watchError.Message, watchError);
        }

        OperatorTelemetry.WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", "closed"));
        return resourceVersion;
    }

    private void Upsert(ResourceIdentity id, T item)
    {
        var (stored, previous) = store.Upsert(id.Key, item);
        if (stored)
        {
            handler.OnUpsert(previous, item);
        }
    }

    private static bool IsGone(Exception ex) => ex switch
    {
        KubernetesException k => k.Status?.Code == 410,
        HttpOperationException h => (int?)h.Response?.StatusCode == 410,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} expired ({Reason}); listing again")]
    private static partial void LogExpired(ILogger logger, string resource, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} failed; retrying in {DelayMs:F0} ms: {Error}")]
    private static partial void LogWatchFailed(ILogger logger, string resource, double delayMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} silent for {Seconds:F0} s; restarting it")]
    private static partial void LogSilent(ILogger logger, string resource, double seconds);
}
