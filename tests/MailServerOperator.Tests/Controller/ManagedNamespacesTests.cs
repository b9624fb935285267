using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Controller;

public sealed class ManagedNamespacesTests
{
    private readonly ObjectStore<MailServerObject> _servers = new(o => o.ResourceVersion);
    private readonly ObjectStore<V1Namespace> _labelled = new(n => n.Metadata.ResourceVersion ?? "");
    private readonly ManagedNamespaces _managed;

    public ManagedNamespacesTests() => _managed = new ManagedNamespaces(_servers, _labelled);

    [Fact]
    public void IsManaged_NamespaceWithAServerOrLabelled_TrueOtherwiseFalse()
    {
        var server = MailServerObjects.Make("isp", 1, @namespace: "with-server");
        _servers.Upsert(server.Key, server);
        _labelled.Upsert(new ObjectKey("", "labelled"), new V1Namespace { Metadata = new V1ObjectMeta { Name = "labelled", ResourceVersion = "1" } });

        Assert.True(_managed.IsManaged("with-server"));
        Assert.True(_managed.IsManaged("labelled"));
        Assert.False(_managed.IsManaged("other"));
        Assert.Equal(["labelled", "with-server"], _managed.All().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IsManaged_LastServerGone_NoLongerManaged()
    {
        var server = MailServerObjects.Make("isp", 1, @namespace: "x");
        _servers.Upsert(server.Key, server);

        _servers.Remove(server.Key);

        Assert.False(_managed.IsManaged("x"));
        Assert.Empty(_managed.All());
    }
}
