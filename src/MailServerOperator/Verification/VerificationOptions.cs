using System.Net;

namespace MailServerOperator.Verification;

internal sealed class VerificationOptions
{
    /// <summary>When false, no server is probed and Ready reflects the spec's validity alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Accept probe credentials on servers reached with <c>tls: None</c> (<c>run --allow-plaintext-credentials</c>).</summary>
    public bool AllowPlaintextCredentials { get; set; }

    /// <summary>How many probes run at once across all MailServers, so slow servers cannot starve the rest.</summary>
    public int MaxConcurrentProbes { get; set; } = 32;

    /// <summary>Each periodic probe is moved by up to this fraction of its interval, so servers are not probed in lockstep.</summary>
    public double IntervalJitter { get; set; } = 0.1;

    /// <summary>Overall deadline of one probe (every network step within it is bounded too).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A PEM bundle of extra certificate authorities trusted for mail servers (private CAs).</summary>
    public string? CaBundlePath { get; set; }

    /// <summary>
    /// Networks probes may reach besides public addresses (e.g. an on-premises mail network). Tenants choose the hosts,
    /// so loopback, link-local, private, shared, unspecified, multicast and reserved addresses are refused otherwise.
    /// </summary>
    public IReadOnlyList<IPNetwork> ProbeAllowedNetworks { get; set; } = [];
}
