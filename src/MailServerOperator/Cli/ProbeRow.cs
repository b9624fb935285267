using MailServerOperator.Probing;

namespace MailServerOperator.Cli;

/// <summary>One line of the probe table: a MailServer and what verifying it found (or why it was not probed).</summary>
internal sealed record ProbeRow(string Server, IncomingProbeResult? Incoming, OutgoingProbeResult? Outgoing, string? NotProbed)
{
    public bool Verified => NotProbed is null && Incoming!.Succeeded && Outgoing!.Succeeded;
}
