using MailServerOperator.Admission;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionOrderWarningTests
{
    private readonly ObjectStore<MailServerObject> cache = new(o => o.ResourceVersion);

    [Fact]
    public void Add_CreateWithAnOrderTakenInTheNamespace_WarnsNamingTheOther()
    {
        Store("taken", 10, "mail-share");
        var request = AdmissionRequests.Request(AdmissionOperations.Create, "alice", "new", null, AdmissionRequests.Document("new", "spec.order=10"));

        var decision = AdmissionOrderWarning.Add(AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser), request, cache);

        Assert.True(decision.Allowed);
        Assert.Contains(decision.Warnings, w => w.StartsWith("spec.order: order 10 is also the order of taken in this namespace", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("other", 10, "elsewhere")] // another namespace's list is another list
    [InlineData("other", 11, "mail-share")]
    [InlineData("new", 10, "mail-share")] // an UPDATE sees its own old version in the cache
    public void Add_NoTie_AddsNothing(string name, int order, string ns)
    {
        Store(name, order, ns);
        var request = AdmissionRequests.Request(AdmissionOperations.Update, "alice", "new", AdmissionRequests.Document("new", "spec.order=10"), AdmissionRequests.Document("new", "spec.order=10"));

        var decision = AdmissionOrderWarning.Add(AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser), request, cache);

        Assert.DoesNotContain(decision.Warnings, w => w.StartsWith("spec.order:", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_RefusedRequest_IsLeftAsItIs()
    {
        Store("taken", 10, "mail-share");
        var request = AdmissionRequests.Request(AdmissionOperations.Create, "alice", "new", null, AdmissionRequests.Document("new", "spec.order=10; spec.incoming.port=0"));
        var refused = AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser);

        Assert.Same(refused, AdmissionOrderWarning.Add(refused, request, cache));
    }

    private void Store(string name, int order, string ns)
    {
        var document = AdmissionRequests.Document(name, $"spec.order={order}; metadata.namespace=\"{ns}\"; metadata.resourceVersion=\"1\"");
        var server = MailServerObject.From(document);
        cache.Upsert(server.Key, server);
    }
}
