using DnsClient;
using DnsClient.Protocol;
using MailServerOperator.Discovery;

namespace MailServerOperator.Tests.Discovery;

public sealed class SrvDiscoveryTests
{
    [Fact]
    public void Order_PriorityAscendingThenWeightDescending()
    {
        SrvRecord[] records = [Record(10, 5, "c"), Record(0, 1, "b"), Record(0, 60, "a"), Record(5, 0, "d")];

        Assert.Equal(["a", "b", "d", "c"], SrvDiscovery.Order(records).Select(r => r.Target.Value.Split('.')[0]));
    }

    private static SrvRecord Record(ushort priority, ushort weight, string target) =>
        new(new ResourceRecordInfo("_imaps._tcp.example.com.", ResourceRecordType.SRV, QueryClass.IN, 60, 0), priority, weight, 993, DnsString.Parse(target + ".example.com."));
}
