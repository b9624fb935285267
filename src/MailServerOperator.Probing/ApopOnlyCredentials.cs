using System.Net;

namespace MailServerOperator.Probing;

/// <summary>Credentials MailKit gets for APOP only; asking for any other method ends the login (one attempt, no fallback).</summary>
internal sealed class ApopOnlyCredentials(ProbeCredentials credentials) : ICredentials
{
    public NetworkCredential GetCredential(Uri uri, string authType) =>
        string.Equals(authType, "APOP", StringComparison.OrdinalIgnoreCase)
            ? new NetworkCredential(credentials.Username, credentials.Password)
            : throw new LoginFallbackRefusedException();
}
