using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Controller;

/// <summary>
/// Turns MailServer changes into work-queue keys. A change that can move other servers (a create, a delete, a new
/// spec.order) enqueues the whole namespace, and the built-in keys too, so they are created where missing.
/// </summary>
internal sealed class MailServerEventHandler(WorkQueue queue, ObjectStore<MailServerObject> cache) : IResourceEventHandler<MailServerObject>
{
    public void OnUpsert(MailServerObject? previous, MailServerObject current)
    {
        if (previous is null || previous.Server.Spec?.Order != current.Server.Spec?.Order)
        {
            EnqueueNamespace(current.Key.Namespace);
        }
        else
        {
            queue.Add(current.Key);
        }
    }

    public void OnDelete(MailServerObject previous) => EnqueueNamespace(previous.Key.Namespace);

    public void EnqueueNamespace(string @namespace)
    {
        foreach (var name in ReservedMailServerNames.All)
        {
            queue.Add(new ObjectKey(@namespace, name));
        }

        foreach (var server in cache.List(@namespace))
        {
            queue.Add(server.Key);
        }
    }
}
