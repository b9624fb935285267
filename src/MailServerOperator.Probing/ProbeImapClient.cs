using System.Net.Security;
using MailKit.Net.Imap;

namespace MailServerOperator.Probing;

/// <summary>MailKit's ImapClient with the probe's TLS policy (<see cref="ProbeTlsPolicy"/>).</summary>
internal sealed class ProbeImapClient : ImapClient
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
        ProbeTlsPolicy.Bound(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback));
}
