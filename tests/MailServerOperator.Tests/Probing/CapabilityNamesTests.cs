using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class CapabilityNamesTests
{
    [Fact]
    internal void Of_Pop3Flags_WireNames() =>
        Assert.Equal(
            ["RESP-CODES", "STLS", "TOP", "UIDL", "USER"],
            CapabilityNames.Of(Pop3Capabilities.UIDL | Pop3Capabilities.StartTLS | Pop3Capabilities.ResponseCodes | Pop3Capabilities.Top | Pop3Capabilities.User).Order(StringComparer.Ordinal));

    [Fact]
    internal void Of_SmtpFlags_WireNames() =>
        Assert.Equal(
            ["8BITMIME", "AUTH", "SIZE", "SMTPUTF8", "STARTTLS"],
            CapabilityNames.Of(SmtpCapabilities.Size | SmtpCapabilities.Authentication | SmtpCapabilities.EightBitMime | SmtpCapabilities.StartTLS | SmtpCapabilities.UTF8).Order(StringComparer.Ordinal));

    [Fact]
    internal void Of_ImapFlags_WireNames() =>
        Assert.Equal(
            ["IDLE", "IMAP4rev1", "LITERAL+", "SASL-IR", "STARTTLS"],
            CapabilityNames.Of(ImapCapabilities.IMAP4rev1 | ImapCapabilities.LiteralPlus | ImapCapabilities.Idle | ImapCapabilities.SaslIR | ImapCapabilities.StartTLS).Order(StringComparer.Ordinal));

    [Fact]
    internal void Of_NoFlags_Empty() => Assert.Empty(CapabilityNames.Of(SmtpCapabilities.None));

    [Fact]
    internal void Of_Mechanisms_UpperCaseDistinctSorted() =>
        Assert.Equal(["CRAM-MD5", "LOGIN", "PLAIN"], CapabilityNames.Of(["plain", "LOGIN", "PLAIN", "CRAM-MD5"]));

    [Fact]
    internal void Of_EveryImapFlag_OneNameEach()
    {
        var all = Enum.GetValues<ImapCapabilities>().Aggregate(ImapCapabilities.None, (a, b) => a | b);

        var names = CapabilityNames.Of(all);

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.DoesNotContain("NONE", names);
    }

    [Fact]
    internal void Of_MechanismsAServerMadeUp_LeftOut() =>
        Assert.Equal(
            ["PLAIN", "SCRAM-SHA-256", "XOAUTH2"],
            CapabilityNames.Of(["PLAIN", "<script>alert(1)</script>", "SSH-2.0-OpenSSH_9.2", "scram-sha-256", "X\u001b[2J", "XOAUTH2", new string('A', 1 << 20)]));
}
