using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Kubernetes;

/// <summary>Records events.k8s.io/v1 Events about MailServers, so <c>kubectl describe</c> tells the story. Never fails a reconcile.</summary>
internal sealed partial class EventRecorder(IKubernetes client, TimeProvider time, OperatorIdentity identity, ILogger<EventRecorder> logger)
{
    public const string Controller = "mailshare.io/mailserver-operator";

    public async Task RecordAsync(MailServerObject regarding, bool warning, string reason, string note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var body = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{regarding.Key.Name}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = regarding.Key.Namespace,
            },
            EventTime = now,
            Action = "Reconcile",
            Reason = reason,
            Note = note.Length > 1024 ? note[..1021] + "..." : note,
            Type = warning ? "Warning" : "Normal",
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
        try
        {
            await client.EventsV1.CreateNamespacedEventAsync(body, regarding.Key.Namespace, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEventFailed(logger, regarding.Key.ToString(), reason, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Key}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string key, string reason, string error);
}
