using k8s.Models;
using MailServerOperator.Informers;

namespace MailServerOperator.Controller;

/// <summary>A namespace newly labelled mailshare.io/managed=true gets its built-ins.</summary>
internal sealed class NamespaceEventHandler(MailServerEventHandler servers) : IResourceEventHandler<V1Namespace>
{
    public void OnUpsert(V1Namespace? previous, V1Namespace current)
    {
        if (previous is null)
        {
            servers.EnqueueNamespace(current.Metadata.Name);
        }
    }

    public void OnDelete(V1Namespace previous)
    {
    }
}
