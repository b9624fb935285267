using System.Collections.Concurrent;
using System.Diagnostics;
using MailServerOperator.Informers;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// The positive signal a negative check waits for: "a reconcile of this object that saw that change has finished".
/// Listens to the operator's <c>reconcile</c> activities and, as each begins, takes what the operator's cache then holds
/// for one namespace; the reconcile reads the cache after it begins, so it saw at least that.
/// </summary>
internal sealed class ReconcileObserver : IDisposable
{
    private readonly ObjectStore<MailServerObject> _cache;
    private readonly string _namespace;
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<Activity, IReadOnlyList<MailServerObject>> _running = new();
    private readonly ConcurrentQueue<(string Name, IReadOnlyList<MailServerObject> Seen)> _finished = new();

    public ReconcileObserver(OperatorInstance instance, string @namespace)
    {
        _cache = instance.Services.GetRequiredService<ObjectStore<MailServerObject>>();
        _namespace = @namespace;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OperatorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = OnStarted,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Waits until a reconcile of <paramref name="name"/> has finished that began with <paramref name="saw"/> true of the cache.</summary>
    public Task WaitForReconcileAsync(string name, string change, Func<IReadOnlyList<MailServerObject>, bool> saw, TimeSpan timeout) =>
        Eventually.SucceedsAsync($"a reconcile of {name} that saw {change}", timeout, () =>
            Task.FromResult(_finished.Any(f => f.Name == name && saw(f.Seen)) ? null : $"{_finished.Count(f => f.Name == name)} reconciles of {name} finished, none saw it"));

    /// <summary>Waits until a reconcile of <paramref name="name"/> has finished that saw <paramref name="changed"/> at <paramref name="resourceVersion"/> or later.</summary>
    public Task WaitForReconcileAsync(string name, string changed, string resourceVersion, TimeSpan timeout) =>
        WaitForReconcileAsync(name, $"{changed} at resourceVersion {resourceVersion}", seen => seen.Any(o =>
            o.Key.Name == changed && ResourceVersions.IsNotOlder(o.ResourceVersion, resourceVersion)), timeout);

    public void Dispose() => _listener.Dispose();

    private void OnStarted(Activity activity)
    {
        if (activity.OperationName == "reconcile")
        {
            _running[activity] = _cache.List(_namespace);
        }
    }

    private void OnStopped(Activity activity)
    {
        // Tags are set after the start: only now is it known which object the reconcile was for.
        if (_running.TryRemove(activity, out var seen)
            && activity.GetTagItem("k8s.namespace.name") as string == _namespace
            && activity.GetTagItem("mailshare.mailserver.name") is string name)
        {
            _finished.Enqueue((name, seen));
        }
    }
}
