using System.Collections.Concurrent;
using System.Diagnostics;
using MailServerOperator.Telemetry;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>
/// An in-process trace exporter: every span of the operator's ActivitySource (from any operator in this test process),
/// kept from construction until disposal, with its tags, events and status as an exporter would send them.
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Activity> _started = new();
    private readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OperatorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _started.Enqueue,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The MailServer names in <paramref name="namespace"/> whose spans named <paramref name="operation"/>, made by <paramref name="by"/>, have ended.</summary>
    public IReadOnlySet<string> Ended(string operation, string @namespace, OperatorInstance by) =>
        _stopped.Where(a => a.OperationName == operation && a.TraceId == by.Trace && Tag(a, "k8s.namespace.name") == @namespace)
            .Select(a => Tag(a, "mailshare.mailserver.name") ?? "").ToHashSet();

    /// <summary>How many spans named <paramref name="operation"/> ended for the MailServer <paramref name="namespace"/>/<paramref name="name"/>.</summary>
    public int EndedCount(string operation, string @namespace, string name) =>
        _stopped.Count(a => a.OperationName == operation && Tag(a, "k8s.namespace.name") == @namespace && Tag(a, "mailshare.mailserver.name") == name);

    /// <summary>How many spans named <paramref name="operation"/> began for <paramref name="namespace"/> (running or ended).</summary>
    public int Started(string operation, string @namespace) =>
        _started.Count(a => a.OperationName == operation && Tag(a, "k8s.namespace.name") == @namespace);

    /// <summary>Everything an exporter would send, as text.</summary>
    public string Exported() => string.Join('\n', _stopped.Select(a =>
        $"{a.OperationName} {a.DisplayName} {a.Status} {a.StatusDescription} "
        + string.Join(' ', a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
        + string.Join(' ', a.Events.Select(e => e.Name + " " + string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))))));

    public void Dispose() => _listener.Dispose();

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;
}
