using MailServerOperator.Probing;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Probing;

public sealed class ProbeSessionTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    internal void Latency_AfterStopClock_FrozenAtTheVerdict()
    {
        var session = new ProbeSession("mail.test", 995, "POP3", ProbeTlsMode.Implicit, time);
        time.Advance(TimeSpan.FromMilliseconds(40));
        session.StopClock();

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(40), session.Latency);
    }

    [Fact]
    internal void FailureContext_AfterEnter_MeasuresOnlyTheCurrentStage()
    {
        var session = new ProbeSession("mail.test", 995, "POP3", ProbeTlsMode.Implicit, time);
        time.Advance(TimeSpan.FromSeconds(3));
        session.Enter(ProbeStage.Checking, "the UIDL command");
        time.Advance(TimeSpan.FromSeconds(1));

        var context = session.FailureContext();

        Assert.Equal(new ProbeFailureContext(ProbeStage.Checking, "POP3", ProbeTlsMode.Implicit, TimeSpan.FromSeconds(1), null, "the UIDL command"), context);
    }

    [Theory]
    [InlineData("POP3", ProbeTlsMode.StartTls, "TLSv1.3", "TLSv1.3 via STLS")]
    [InlineData("SMTP", ProbeTlsMode.StartTls, "TLSv1.2", "TLSv1.2 via STARTTLS")]
    [InlineData("IMAP4", ProbeTlsMode.Implicit, "TLSv1.3", "TLSv1.3")]
    [InlineData("IMAP4", ProbeTlsMode.None, null, "plain text (no TLS)")]
    internal void TlsSummary_ModeAndVersion_Text(string protocol, ProbeTlsMode tls, string? version, string expected)
    {
        var session = new ProbeSession("mail.test", 1, protocol, tls, time) { TlsProtocol = version };

        Assert.Equal(expected, session.TlsSummary());
    }
}
