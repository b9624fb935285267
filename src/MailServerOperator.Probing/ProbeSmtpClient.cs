using System.Net.Security;
using MailKit.Net.Smtp;

namespace MailServerOperator.Probing;

/// <summary>MailKit's SmtpClient with the probe's TLS policy (<see cref="ProbeTlsPolicy"/>).</summary>
internal sealed class ProbeSmtpClient : SmtpClient
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
        ProbeTlsPolicy.Bound(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback));
}
