using System.Text.Json;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// Watches one namespace's MailServers as a user's <c>kubectl get -w</c> would, and tells when a goal holds for a
/// number of them; the goal is checked per event, so waiting costs O(1) per change even at 10,000 objects.
/// </summary>
internal sealed class StatusWatch : IAsyncDisposable
{
    private readonly k8s.Kubernetes _client;
    private readonly string _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ObservedServer> _servers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _satisfied = new(StringComparer.Ordinal);
    private Func<string, ObservedServer, bool> _goal = (_, _) => false;
    private int _needed = int.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;

    private StatusWatch(k8s.Kubernetes client, string @namespace)
    {
        _client = client;
        _namespace = @namespace;
    }

    public static async Task<StatusWatch> StartAsync(k8s.Kubernetes client, string @namespace)
    {
        var watch = new StatusWatch(client, @namespace);
        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(Workload.Group, Workload.Version, @namespace, Workload.Plural, limit: 1);
        var resourceVersion = list.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        watch._running = Task.Run(() => watch.RunAsync(resourceVersion));
        return watch;
    }

    /// <summary>Completes when <paramref name="goal"/> holds for <paramref name="count"/> servers at once.</summary>
    public Task Until(Func<string, ObservedServer, bool> goal, int count)
    {
        lock (_lock)
        {
            _goal = goal;
            _needed = count;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _satisfied.Clear();
            foreach (var (name, server) in _servers)
            {
                if (goal(name, server))
                {
                    _satisfied.Add(name);
                }
            }

            Check();
            return _reached.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task RunAsync(string? resourceVersion)
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync();
                Exception? failed = null;
                var events = _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    Workload.Group, Workload.Version, _namespace, Workload.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                    timeoutSeconds: 3600, onError: ex => failed ??= ex, cancellationToken: _stop.Token);
                await foreach (var (type, item) in events)
                {
                    var element = (JsonElement)item;
                    var metadata = element.GetProperty("metadata");
                    resourceVersion = metadata.GetProperty("resourceVersion").GetString() ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Observe(metadata.GetProperty("name").GetString()!, Read(element, metadata));
                    }
                }

                if (failed is not null)
                {
                    resourceVersion = null; // e.g. 410 Gone after an API server restart: list again
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (failures++ % 25 == 0)
                {
                    await Console.Error.WriteLineAsync($"e2e: watch of {_namespace} failed ({ex.Message}); listing and watching again");
                }

                resourceVersion = null;
                await Task.Delay(200);
            }
        }
    }

    private async Task<string> RelistAsync()
    {
        string? next = null, resourceVersion = null;
        do
        {
            var page = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync(
                Workload.Group, Workload.Version, _namespace, Workload.Plural, continueParameter: next, limit: 500, cancellationToken: _stop.Token);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var metadata = item.GetProperty("metadata");
                Observe(metadata.GetProperty("name").GetString()!, Read(item, metadata));
            }

            var listMetadata = page.GetProperty("metadata");
            resourceVersion ??= listMetadata.GetProperty("resourceVersion").GetString();
            next = listMetadata.TryGetProperty("continue", out var token) && token.GetString() is { Length: > 0 } more ? more : null;
        }
        while (next is not null);

        return resourceVersion!;
    }

    private static ObservedServer Read(JsonElement element, JsonElement metadata)
    {
        long? observed = null, valid = null;
        int? position = null;
        if (element.TryGetProperty("status", out var status))
        {
            observed = status.TryGetProperty("observedGeneration", out var g) ? g.GetInt64() : null;
            position = status.TryGetProperty("position", out var p) ? p.GetInt32() : null;
            if (status.TryGetProperty("conditions", out var conditions))
            {
                foreach (var condition in conditions.EnumerateArray())
                {
                    if (condition.GetProperty("type").GetString() == "Valid" && condition.TryGetProperty("observedGeneration", out var vg))
                    {
                        valid = vg.GetInt64();
                    }
                }
            }
        }

        return new ObservedServer(metadata.GetProperty("generation").GetInt64(), observed, position, valid);
    }

    private void Observe(string name, ObservedServer server)
    {
        lock (_lock)
        {
            _servers[name] = server;
            if (_goal(name, server))
            {
                _satisfied.Add(name);
            }
            else
            {
                _satisfied.Remove(name);
            }

            Check();
        }
    }

    private void Check()
    {
        if (_satisfied.Count >= _needed)
        {
            _reached.TrySetResult();
        }
    }
}
