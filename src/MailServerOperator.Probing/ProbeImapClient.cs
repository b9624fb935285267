using System.Net.Security;
using MailKit.Net.Imap;

namespace MailServerOperator.Probing;

/// <summary>MailKit's ImapClient with the probe's bounded TLS chain policy (<see cref="ProbeTlsPolicy"/>).</summary>
internal sealed class ProbeImapClient(TimeSpan downloadTimeout) : ImapClient
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
        ProbeTlsPolicy.Bound(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback), downloadTimeout);
}
