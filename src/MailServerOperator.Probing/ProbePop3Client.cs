using System.Net.Security;
using MailKit.Net.Pop3;

namespace MailServerOperator.Probing;

/// <summary>MailKit's Pop3Client with the probe's TLS policy (<see cref="ProbeTlsPolicy"/>).</summary>
internal sealed class ProbePop3Client : Pop3Client
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
        ProbeTlsPolicy.Bound(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback));
}
