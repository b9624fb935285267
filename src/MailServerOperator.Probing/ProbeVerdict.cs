namespace MailServerOperator.Probing;

/// <summary>A reason and the detail of a probe's message (without the "host:port: " prefix).</summary>
internal sealed record ProbeVerdict(ProbeReason Reason, string Detail)
{
    public static ProbeVerdict Verified(string detail) => new(ProbeReason.Verified, detail);
}
