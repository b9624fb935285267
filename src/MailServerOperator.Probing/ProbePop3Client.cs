using System.Net.Security;
using MailKit.Net.Pop3;

namespace MailServerOperator.Probing;

/// <summary>MailKit's Pop3Client with the probe's bounded TLS chain policy (<see cref="ProbeTlsPolicy"/>).</summary>
internal sealed class ProbePop3Client(TimeSpan downloadTimeout) : Pop3Client
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
        ProbeTlsPolicy.Bound(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback), downloadTimeout);
}
