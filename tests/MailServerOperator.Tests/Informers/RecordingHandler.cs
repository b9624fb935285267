using System.Collections.Concurrent;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Informers;

internal sealed class RecordingHandler : IResourceEventHandler<Item>
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void OnUpsert(Item? previous, Item current) => Events.Enqueue($"{(previous is null ? "add" : "update")} {current.Name}@{current.ResourceVersion}");

    public void OnDelete(Item previous) => Events.Enqueue($"delete {previous.Name}");
}
