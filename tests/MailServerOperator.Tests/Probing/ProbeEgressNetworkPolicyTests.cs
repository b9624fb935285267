using System.Net;
using k8s;
using k8s.Models;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

/// <summary>deploy/probe-egress-network-policy.yaml: the network's wall agrees with the probes' own policy.</summary>
public sealed class ProbeEgressNetworkPolicyTests
{
    private static readonly V1NetworkPolicy Policy =
        KubernetesJson.Deserialize<V1NetworkPolicy>(YamlManifestParser.Parse("policy", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "probe-egress-network-policy.yaml"))).Documents.Single().Content.GetRawText());

    [Fact]
    internal void Policy_OperatorPods_EgressOnly()
    {
        Assert.Equal(["Egress"], Policy.Spec.PolicyTypes);
        Assert.Equal("mailserver-operator", Policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal("mailserver-operator-system", Policy.Metadata.NamespaceProperty);
    }

    [Theory]
    [InlineData("10.96.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::1")]
    internal void InternetRule_AddressTheProbesRefuse_Excepted(string text)
    {
        var address = IPAddress.Parse(text);
        Assert.NotNull(ProbeAddressPolicy.PublicOnly([]).Refusal(address));

        var internet = Policy.Spec.Egress.Single(rule => rule.To.Any(peer => peer.IpBlock?.Cidr is "0.0.0.0/0"));
        var block = internet.To.Select(peer => peer.IpBlock).Single(ip => IPNetwork.Parse(ip.Cidr).Contains(address));
        Assert.Contains(block.Except, cidr => IPNetwork.Parse(cidr).Contains(address));
    }

    [Fact]
    internal void InternetRule_MailPortsOnly() =>
        Assert.Equal(
            [25, 110, 143, 465, 587, 993, 995],
            Policy.Spec.Egress.Single(rule => rule.To.Any(peer => peer.IpBlock?.Cidr is "0.0.0.0/0")).Ports.Select(port => int.Parse(port.Port.Value, System.Globalization.CultureInfo.InvariantCulture)).Order());
}
