using MailServerOperator.Api;
using MailServerOperator.Verification;

namespace MailServerOperator.Tests.Verification;

public sealed class SpecFingerprintTests
{
    private static readonly MailServerSpec Spec = new()
    {
        DisplayName = "ISP",
        Order = 1,
        Incoming = new IncomingServer { Protocol = IncomingProtocol.Pop3, Host = "pop.example.jp" },
        Outgoing = new OutgoingServer { Host = "smtp.example.jp" },
    };

    [Fact]
    public void Of_DisplayNameOrOrderChanged_SameFingerprintSoNoReprobe()
    {
        Assert.Equal(SpecFingerprint.Of(Spec), SpecFingerprint.Of(Spec with { DisplayName = "Renamed", Order = 9 }));
    }

    [Fact]
    public void Of_ServerSettingChanged_NewFingerprint()
    {
        var changed = Spec with { Incoming = Spec.Incoming! with { Port = 1995 } };

        Assert.NotEqual(SpecFingerprint.Of(Spec), SpecFingerprint.Of(changed));
    }

    [Fact]
    public void Of_ProbeCredentialsChanged_NewFingerprint()
    {
        var changed = Spec with { Probe = new ProbeSpec { CredentialsSecretRef = new SecretReference { Name = "probe" } } };

        Assert.NotEqual(SpecFingerprint.Of(Spec), SpecFingerprint.Of(changed));
    }
}
