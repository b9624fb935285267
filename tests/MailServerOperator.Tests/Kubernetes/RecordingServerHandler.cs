using System.Collections.Concurrent;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Kubernetes;

/// <summary>What the event handler was told, as "add NAME@VERSION", "update NAME@VERSION" or "delete NAME".</summary>
internal sealed class RecordingServerHandler : IResourceEventHandler<MailServerObject>
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void OnUpsert(MailServerObject? previous, MailServerObject current) =>
        Events.Enqueue($"{(previous is null ? "add" : "update")} {current.Key.Name}@{current.ResourceVersion}");

    public void OnDelete(MailServerObject previous) => Events.Enqueue($"delete {previous.Key.Name}");
}
