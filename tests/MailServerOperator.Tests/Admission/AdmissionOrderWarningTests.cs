using MailServerOperator.Admission;
using MailServerOperator.Controller;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionOrderWarningTests
{
    private readonly DisplayOrderIndex _index = new();

    [Fact]
    public void Add_CreateWithAnOrderTakenInTheNamespace_WarnsNamingTheOther()
    {
        Store("taken", 10, "mail-share");
        var request = AdmissionRequests.Request(AdmissionOperations.Create, "alice", "new", null, AdmissionRequests.Document("new", "spec.order=10"));

        var decision = AdmissionOrderWarning.Add(AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser), request, _index);

        Assert.True(decision.Allowed);
        Assert.Contains(decision.Warnings, w => w.StartsWith("spec.order: order 10 is also the order of taken in this namespace", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("other", 10, "elsewhere")] // another namespace's list is another list
    [InlineData("other", 11, "mail-share")]
    [InlineData("new", 10, "mail-share")] // an UPDATE sees its own old version in the index
    public void Add_NoTie_AddsNothing(string name, int order, string ns)
    {
        Store(name, order, ns);
        var request = AdmissionRequests.Request(AdmissionOperations.Update, "alice", "new", AdmissionRequests.Document("new", "spec.order=10"), AdmissionRequests.Document("new", "spec.order=10"));

        var decision = AdmissionOrderWarning.Add(AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser), request, _index);

        Assert.DoesNotContain(decision.Warnings, w => w.StartsWith("spec.order:", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_RefusedRequest_IsLeftAsItIs()
    {
        Store("taken", 10, "mail-share");
        var request = AdmissionRequests.Request(AdmissionOperations.Create, "alice", "new", null, AdmissionRequests.Document("new", "spec.order=10; spec.incoming.port=0"));
        var refused = AdmissionPolicy.Decide(request, AdmissionRequests.OperatorUser);

        Assert.Same(refused, AdmissionOrderWarning.Add(refused, request, _index));
    }

    private void Store(string name, int value, string ns) => _index.Set(ns, new OrderEntry(name, value, null));
}
