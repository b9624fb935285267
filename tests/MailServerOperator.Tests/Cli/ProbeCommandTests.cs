using MailServerOperator.Cli;
using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Cli;

public sealed class ProbeCommandTests : IDisposable
{
    private const string MailServer = ValidateCommandTests.ValidMailServer;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RunAsync_ProberThrowsABug_OneLineSayingWhatFailedNoStackExitsOne()
    {
        var path = _directory.Write("isp.yaml", MailServer);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ProbeCommand.RunAsync([path], new BuggyProber(), output, error, CancellationToken.None);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("probe: failed: InvalidOperationException: Sequence contains no elements?   at a line a stack trace would show (a bug in mailserver-operator, not a finding about the servers)", line.TrimEnd('\r'));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_Cancelled_CancellationIsNotReportedAsABug()
    {
        var path = _directory.Write("isp.yaml", MailServer);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProbeCommand.RunAsync([path], new BuggyProber(), TextWriter.Null, TextWriter.Null, cancelled.Token));
    }

    private sealed class BuggyProber : IMailServerProber
    {
        public Task<IncomingProbeResult> ProbeIncomingAsync(IncomingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Sequence contains no elements\n   at a line a stack trace would show");

        public Task<OutgoingProbeResult> ProbeOutgoingAsync(OutgoingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken) =>
            Task.FromResult(new OutgoingProbeResult(ProbeReason.Verified, "ok", TimeSpan.Zero, null, null, null, [], null, []));
    }
}
