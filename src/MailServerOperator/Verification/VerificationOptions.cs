namespace MailServerOperator.Verification;

internal sealed class VerificationOptions
{
    /// <summary>When false, no server is probed and Ready reflects the spec's validity alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many probes run at once across all MailServers; the slots are shared round-robin between namespaces.</summary>
    public int MaxConcurrentProbes { get; set; } = 32;

    /// <summary>Each periodic probe is moved by up to this fraction of its interval, so servers are not probed in lockstep.</summary>
    public double IntervalJitter { get; set; } = 0.1;

    /// <summary>Overall deadline of one probe (every network step within it is bounded too).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often each probe Secret in use is read again (by name) to notice a change; at most a minute.</summary>
    public TimeSpan SecretRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A PEM bundle of extra certificate authorities trusted for mail servers (private CAs).</summary>
    public string? CaBundlePath { get; set; }
}
