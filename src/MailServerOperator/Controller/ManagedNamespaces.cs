using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Controller;

/// <summary>A namespace is managed (holds the built-ins) when it holds any MailServer or is labelled mailshare.io/managed=true.</summary>
internal sealed class ManagedNamespaces(ObjectStore<MailServerObject> servers, ObjectStore<V1Namespace> labelled)
{
    public bool IsManaged(string @namespace) =>
        servers.Any(@namespace) || labelled.Get(new ObjectKey("", @namespace)) is not null;

    public IEnumerable<string> All() => servers.Namespaces().Union(labelled.List("").Select(n => n.Metadata.Name));
}
