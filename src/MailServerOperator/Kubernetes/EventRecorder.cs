using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.Informers;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// Records events.k8s.io/v1 Events about MailServers, so <c>kubectl describe</c> tells the story: a repeated Event
/// counts up its series and every object is rate-limited (<see cref="EventCorrelator"/>). A failed Event never fails a
/// reconcile, but Events are fenced like writes: unless this instance leads, nothing is sent and
/// <see cref="NotLeaderException"/> ends the reconcile, so a deposed leader tells no story about objects it no longer owns.
/// </summary>
internal sealed partial class EventRecorder(IKubernetes client, EventCorrelator correlator, Leadership leadership, OperatorIdentity identity, ILogger<EventRecorder> logger)
{
    public const string Controller = "mailshare.io/mailserver-operator";
    private const int MaxNoteLength = 1024;

    public async Task RecordAsync(MailServerObject regarding, bool warning, string reason, string note, CancellationToken cancellationToken)
    {
        var type = warning ? "Warning" : "Normal";
        note = note.Length > MaxNoteLength ? note[..(MaxNoteLength - 3)] + "..." : note;
        var uid = regarding.Metadata.Uid;
        leadership.EnsureLeading(); // before the correlator: a refused Event spends none of the object's budget
        var decision = correlator.Decide(regarding.Key, uid, type, reason, note);
        OperatorTelemetry.Events.Add(1, new KeyValuePair<string, object?>("action", decision.Action.ToString().ToLowerInvariant()));
        try
        {
            switch (decision.Action)
            {
                case EventAction.Drop:
                    LogEventDropped(logger, regarding.Key, reason);
                    return;
                case EventAction.CountUp:
                    if (await CountUpAsync(regarding, decision, cancellationToken))
                    {
                        return;
                    }

                    correlator.Forget(regarding.Key, uid, type, reason, note);
                    decision = correlator.Decide(regarding.Key, uid, type, reason, note);
                    if (decision.Action != EventAction.Create)
                    {
                        return;
                    }

                    break;
            }

            leadership.EnsureLeading(); // again: a series count may have taken a round trip
            await client.EventsV1.CreateNamespacedEventAsync(NewEvent(regarding, decision, type, reason, note), regarding.Key.Namespace, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or NotLeaderException))
        {
            LogEventFailed(logger, regarding.Key.ToString(), reason, ex.Message);
        }
    }

    /// <summary>Counts up the series of an Event already sent; false when that Event is gone (the API server expires Events).</summary>
    private async Task<bool> CountUpAsync(MailServerObject regarding, EventDecision decision, CancellationToken cancellationToken)
    {
        var patch = JsonSerializer.Serialize(new EventSeriesPatch(new EventSeriesPatch.Counted(decision.Count, MicroTime(decision.At))), MailServerJsonContext.Default.EventSeriesPatch);
        try
        {
            await client.EventsV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), decision.Name, regarding.Key.Namespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private Eventsv1Event NewEvent(MailServerObject regarding, EventDecision decision, string type, string reason, string note) => new()
    {
        Metadata = new V1ObjectMeta { Name = decision.Name, NamespaceProperty = regarding.Key.Namespace },
        EventTime = decision.At,
        Action = "Reconcile",
        Reason = reason,
        Note = note,
        Type = type,
        ReportingController = Controller,
        ReportingInstance = identity.Name,
        Regarding = new V1ObjectReference
        {
            ApiVersion = MailServer.ApiVersionName,
            Kind = MailServer.KindName,
            Name = regarding.Key.Name,
            NamespaceProperty = regarding.Key.Namespace,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.ResourceVersion,
        },
    };

    private static string MicroTime(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Key}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string key, string reason, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {Reason} for {Key} dropped: the object's event budget is spent")]
    private static partial void LogEventDropped(ILogger logger, ObjectKey key, string reason);
}
