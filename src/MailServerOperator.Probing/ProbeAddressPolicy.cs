using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.Probing;

/// <summary>
/// Which addresses a probe may connect to. The probe checks the addresses a host name resolves to, before connecting,
/// and then connects to a checked address itself: a name that resolves differently a moment later (DNS rebinding)
/// cannot slip past. <see cref="PublicOnly"/> refuses every range a tenant could use to reach the cluster's own network
/// or the node (loopback, link-local with the cloud metadata service, private, shared, unspecified, multicast,
/// reserved), also in their IPv4-mapped and NAT64 IPv6 forms, unless an allowed network contains the address.
/// </summary>
internal sealed class ProbeAddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] NonPublicNetworks =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.0.2.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IPNetwork.Parse("198.51.100.0/24"), "reserved"),
        (IPNetwork.Parse("203.0.113.0/24"), "reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("::/96"), "reserved"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "private"),
        (IPNetwork.Parse("100::/64"), "reserved"),
        (IPNetwork.Parse("2001:db8::/32"), "reserved"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "private"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    /// <summary>The well-known NAT64 prefix: a translator turns 64:ff9b::a.b.c.d into a.b.c.d.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly bool restricted;

    private ProbeAddressPolicy(bool restricted, IReadOnlyList<IPNetwork> allowedNetworks)
    {
        this.restricted = restricted;
        AllowedNetworks = allowedNetworks;
    }

    /// <summary>Every address may be probed: for the commands a user runs as themselves (<c>probe</c>, <c>discover</c>).</summary>
    public static ProbeAddressPolicy Unrestricted { get; } = new(restricted: false, []);

    /// <summary>The networks allowed besides the public ones.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; }

    /// <summary>Public addresses only, plus <paramref name="allowedNetworks"/> (e.g. an on-premises mail network).</summary>
    public static ProbeAddressPolicy PublicOnly(IEnumerable<IPNetwork> allowedNetworks)
    {
        ArgumentNullException.ThrowIfNull(allowedNetworks);
        return new(restricted: true, [.. allowedNetworks]);
    }

    /// <summary>The address a probe connects to: IPv4-mapped IPv6 addresses as the IPv4 address they are.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>Null when <paramref name="address"/> may be probed; otherwise the kind of network that it is in, e.g. "loopback".</summary>
    public string? Refusal(IPAddress address)
    {
        var normalized = Normalize(address);
        if (!restricted || AllowedNetworks.Any(network => network.Contains(normalized)))
        {
            return null;
        }

        return KindOf(normalized);
    }

    private static string? KindOf(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            return KindOf(new IPAddress(address.GetAddressBytes()[12..]));
        }

        foreach (var (network, kind) in NonPublicNetworks)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }
}
