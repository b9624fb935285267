using System.Security.Cryptography;
using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Verification;

internal static class SpecFingerprint
{
    /// <summary>Identifies what a verification depends on (servers and probe settings), so a change re-verifies at once.</summary>
    public static string Of(MailServerSpec spec)
    {
        var relevant = JsonSerializer.SerializeToUtf8Bytes(new { spec.Incoming, spec.Outgoing, spec.Probe }, MailServerJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(relevant))[..16];
    }
}
