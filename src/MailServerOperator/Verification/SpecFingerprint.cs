using System.Security.Cryptography;
using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Verification;

internal static class SpecFingerprint
{
    /// <summary>Identifies what a verification depends on (servers and probe settings), so a change re-verifies at once.</summary>
    public static string Of(MailServerSpec spec)
    {
        var relevant = JsonSerializer.SerializeToUtf8Bytes(new Relevant(spec.Incoming, spec.Outgoing, spec.Probe), MailServerJsonContext.Default.Relevant);
        return Convert.ToHexStringLower(SHA256.HashData(relevant))[..16];
    }

    /// <summary>What the fingerprint covers, serialized as <c>{"incoming":...,"outgoing":...,"probe":...}</c>.</summary>
    internal sealed record Relevant(IncomingServer? Incoming, OutgoingServer? Outgoing, ProbeSpec? Probe);
}
