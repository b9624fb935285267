using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Verification;

/// <summary>A prober whose probes wait until released, recording how many ran at once.</summary>
internal sealed class BlockingProber : IMailServerProber
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _maxRunning;
    private int _started;

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int Started => Volatile.Read(ref _started);

    public int Running => Volatile.Read(ref _running);

    public void Release() => _release.TrySetResult();

    public async Task<IncomingProbeResult> ProbeIncomingAsync(IncomingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken)
    {
        await RunAsync(cancellationToken);
        return new IncomingProbeResult(ProbeReason.Verified, $"{target.Host}:{target.Port}: verified", TimeSpan.FromMilliseconds(1), null, null, null, ["UIDL"], []);
    }

    public async Task<OutgoingProbeResult> ProbeOutgoingAsync(OutgoingProbeTarget target, ProbeCredentials? credentials, CancellationToken cancellationToken)
    {
        await RunAsync(cancellationToken);
        return new OutgoingProbeResult(ProbeReason.Verified, $"{target.Host}:{target.Port}: verified", TimeSpan.FromMilliseconds(1), null, null, null, [], 10485760, ["PLAIN"]);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
