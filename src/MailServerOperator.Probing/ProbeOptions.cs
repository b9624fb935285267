using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>Settings shared by every probe.</summary>
internal sealed class ProbeOptions
{
    /// <summary>The overall deadline of one probe, from the DNS lookup to the verdict.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The deadline of each network step (TCP connect and every read or write, MailKit's Timeout); never longer than <see cref="Timeout"/>.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A PEM file of extra certificate authorities (e.g. a private CA) trusted besides the system roots.
    /// There is deliberately no way to skip certificate verification.
    /// </summary>
    public string? CaBundlePath { get; init; }

    /// <summary>Extra certificate authorities trusted besides the system roots, in addition to <see cref="CaBundlePath"/>.</summary>
    public X509Certificate2Collection? ExtraTrustedCertificates { get; init; }

    /// <summary>The name sent with SMTP EHLO; null lets MailKit choose (the local host name).</summary>
    public string? LocalDomain { get; init; }

    /// <summary>
    /// The addresses a probe may connect to; by default any. The operator's <c>run</c> probes on tenants' behalf and
    /// uses <see cref="ProbeAddressPolicy.PublicOnly"/>; the commands a user runs as themselves need no policy.
    /// </summary>
    public ProbeAddressPolicy AddressPolicy { get; init; } = ProbeAddressPolicy.Unrestricted;

    /// <summary>Resolves a host name to its addresses (the system resolver; tests answer as a hostile DNS server would).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolver { get; init; } = Dns.GetHostAddressesAsync;
}
