using System.Net;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>How one discovery runs (the options of <c>discover</c>).</summary>
internal sealed class DiscoveryOptions
{
    /// <summary>The deadline of the whole discovery, lookups and verification together.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The DNS server to ask; null uses the system's resolvers.</summary>
    public IPEndPoint? DnsServer { get; init; }

    /// <summary>Autoconfig documents to try before the standard locations (an organisation's own).</summary>
    public IReadOnlyList<Uri> AutoconfigUrls { get; init; } = [];

    /// <summary>False: print the best candidates without connecting to them.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Only this incoming protocol; null takes what the sources prefer (IMAP4 on a tie).</summary>
    public ServerKind? IncomingProtocol { get; init; }

    /// <summary>A test account for the one login per server (never sent in plain text, see <see cref="CredentialPolicy"/>).</summary>
    public ProbeCredentials? Credentials { get; init; }

    /// <summary>Where standard ports are really reached (tests).</summary>
    public PortMap Ports { get; init; } = PortMap.None;

    /// <summary>How many candidates are verified at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>The bound of one lookup step: a DNS query attempt, an autoconfig download (never above a third of <see cref="Timeout"/>).</summary>
    public TimeSpan LookupTimeout => Min(TimeSpan.FromSeconds(5), Timeout / 3);

    /// <summary>The bound of one probe (never above <see cref="Timeout"/>).</summary>
    public TimeSpan ProbeTimeout => Min(TimeSpan.FromSeconds(10), Timeout);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
