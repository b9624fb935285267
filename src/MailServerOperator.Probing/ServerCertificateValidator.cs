using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Probing;

/// <summary>
/// The TLS certificate check of one probe. A certificate is accepted only when its chain validates against the
/// system roots or the extra CA bundle, it is within its validity period, and it is issued for the host. Its subject
/// and expiry are recorded either way, and a rejection leaves its reason in the session.
/// Revocation is not checked (see <see cref="ProbeTlsPolicy"/>): an online CRL/OCSP fetch is unbounded, fails in
/// clusters without egress and against private CAs, and would turn a reachable server into a probe failure that says
/// nothing about the mail server. The bundle chain uses only the intermediates the server sent.
/// </summary>
internal sealed class ServerCertificateValidator(ProbeSession session, X509Certificate2Collection extraTrust, TimeProvider time)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            session.CertificateProblem = "the server sent no TLS certificate";
            return false;
        }

        using var owned = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var leaf = owned ?? (X509Certificate2)certificate;
        var facts = CertificateFacts.From(leaf);
        session.RecordCertificate(facts);
        if (errors == SslPolicyErrors.None)
        {
            session.CertificateAccepted();
            return true;
        }

        var chainStatus = errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? ChainStatus(leaf, chain) : X509ChainStatusFlags.NoError;
        var nameMismatch = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        var problem = CertificateProblems.Describe(chainStatus, nameMismatch, facts, session.Host, time.GetUtcNow());
        session.CertificateProblem = problem;
        if (problem is null)
        {
            session.CertificateAccepted();
        }

        return problem is null;
    }

    /// <summary>The chain's problems: the system's verdict, or, with an extra CA bundle, a chain built against it.</summary>
    private X509ChainStatusFlags ChainStatus(X509Certificate2 leaf, X509Chain? systemChain)
    {
        if (extraTrust.Count == 0)
        {
            return Combine(systemChain?.ChainStatus);
        }

        using var bundleChain = new X509Chain();
        var policy = bundleChain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(extraTrust);
        policy.ApplicationPolicy.Add(ServerAuthentication);
        policy.VerificationTime = time.GetUtcNow().LocalDateTime;
        policy.DisableCertificateDownloads = true;
        foreach (var element in systemChain?.ChainElements.Skip(1) ?? [])
        {
            policy.ExtraStore.Add(element.Certificate);
        }

        return bundleChain.Build(leaf) ? X509ChainStatusFlags.NoError : Combine(bundleChain.ChainStatus);
    }

    /// <summary>The chain failed, so an empty status must not read as success: it counts as an untrusted chain.</summary>
    private static X509ChainStatusFlags Combine(X509ChainStatus[]? statuses)
    {
        var flags = (statuses ?? []).Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        return flags == X509ChainStatusFlags.NoError ? X509ChainStatusFlags.PartialChain : flags;
    }
}
