using System.Net;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeAddressPolicyTests
{
    private static readonly ProbeAddressPolicy PublicOnly = ProbeAddressPolicy.PublicOnly([]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.96.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd00:ec2::254", "private")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("100.127.255.255", "shared (carrier-grade NAT)")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("192.0.2.1", "reserved")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b:1::1", "private")]
    [InlineData("::127.0.0.1", "reserved")]
    internal void Refusal_NonPublicAddress_NamesItsKind(string address, string kind) =>
        Assert.Equal(kind, PublicOnly.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("11.0.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    internal void Refusal_PublicAddress_Allowed(string address) =>
        Assert.Null(PublicOnly.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("::1", "loopback")]
    [InlineData("10.20.30.40", null)]
    [InlineData("10.21.0.1", "private")]
    [InlineData("fd12:3456::1", null)]
    [InlineData("169.254.169.254", "link-local")]
    internal void Refusal_AllowedNetworks_OnlyThoseRangesOpen(string address, string? kind)
    {
        var policy = ProbeAddressPolicy.PublicOnly([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("fd12:3456::/32")]);

        Assert.Equal(kind, policy.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    internal void Refusal_Unrestricted_EverythingAllowed(string address) =>
        Assert.Null(ProbeAddressPolicy.Unrestricted.Refusal(IPAddress.Parse(address)));

    [Fact]
    internal void Normalize_Ipv4Mapped_TheIpv4Address() =>
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ProbeAddressPolicy.Normalize(IPAddress.Parse("::ffff:10.0.0.1")));
}
