using MailServerOperator.Api;
using MailServerOperator.Discovery;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Discovery;

public sealed class MailServerManifestWriterTests
{
    [Fact]
    public void Write_Discovery_PassesValidateWithEveryValueAsFound()
    {
        var manifest = Write(Outcome("Example Mail", ProbeTlsMode.Implicit, ProbeTlsMode.StartTls, ProbeAuthMechanism.Plain, 35882577));

        var spec = Validate(manifest);
        Assert.Equal("Example Mail", spec.DisplayName);
        Assert.Equal("imap.example.com", spec.Incoming!.Host);
        Assert.Equal(993, spec.Incoming.Port);
        Assert.Equal(TlsMode.StartTls, spec.Outgoing!.Tls);
        Assert.Equal(SmtpAuthMechanism.Plain, spec.Outgoing.Authentication!.Mechanism);
        Assert.Equal("35882577", spec.Outgoing.MaxMessageSize);
        Assert.Contains("host: \"imap.example.com\"  # DNS SRV _imaps._tcp.example.com", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileDisplayName_StaysOneQuotedValueAndCommentsStayComments()
    {
        var manifest = Write(Outcome("Evil\"\nkind: Secret\n# x", ProbeTlsMode.Implicit, ProbeTlsMode.Implicit, ProbeAuthMechanism.None, null, facts: "TLS\nkind: Secret"));

        var spec = Validate(manifest);
        Assert.Equal("Evil\"kind: Secret# x", spec.DisplayName);
        Assert.Single(manifest.Split('\n'), l => l.StartsWith("kind:", StringComparison.Ordinal));
        Assert.Contains("mechanism: \"None\"", manifest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", "example-com")]
    [InlineData("Mail.Example.CO.JP", "mail-example-co-jp")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva-example")]
    public void DefaultName_Domain_IsAnObjectName(string domain, string name)
    {
        Assert.Equal(name, MailServerManifestWriter.DefaultName(domain));
        Assert.Null(KubernetesNames.SubdomainProblem(name));
    }

    private static string Write(DiscoveryOutcome outcome) =>
        MailServerManifestWriter.Write(outcome, "mailserver-operator discover example.com", "example-com", "mail-share", DateTimeOffset.UnixEpoch);

    private static MailServerSpec Validate(string manifest)
    {
        var document = Assert.Single(ManifestReader.ReadText("test", manifest).Documents);
        var report = MailServerValidator.Validate(document.Content);
        Assert.False(report.HasErrors, string.Join("; ", report.Errors) + "\n" + manifest);
        return report.Server!.Spec!;
    }

    private static DiscoveryOutcome Outcome(string? displayName, ProbeTlsMode incomingTls, ProbeTlsMode outgoingTls, ProbeAuthMechanism mechanism, long? size, string facts = "verified")
    {
        var incoming = new ServerCandidate(ServerKind.Imap4, "imap.example.com", 993, incomingTls, CandidateSource.DnsSrv, "DNS SRV _imaps._tcp.example.com");
        var outgoing = new ServerCandidate(ServerKind.Smtp, "smtp.example.com", outgoingTls == ProbeTlsMode.Implicit ? 465 : 587, outgoingTls, CandidateSource.Guess, "guess: common name");
        return new DiscoveryOutcome(
            new MailAddress(null, "example.com"),
            null,
            displayName,
            new VerifiedServer(incoming, incomingTls, true, facts, []),
            new VerifiedServer(outgoing, outgoingTls, true, facts, [], mechanism, size),
            ["catalog: no entry for example.com"],
            false);
    }
}
