using System.Security.Authentication;

namespace MailServerOperator.Probing;

/// <summary>TLS versions named the way mail server logs and openssl name them.</summary>
internal static class TlsProtocolNames
{
    public static string Of(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
