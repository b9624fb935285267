using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Verification;

/// <summary>A prober whose probes wait until released (all, or one at a time), recording how many ran at once and how many were cancelled.</summary>
internal sealed class BlockingProber : IMailServerProber, IDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _single = new(0);
    private int _running;
    private int _maxRunning;
    private int _started;
    private int _cancelled;

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int Running => Volatile.Read(ref _running);

    public int Started => Volatile.Read(ref _started);

    /// <summary>Probes that ended because their cancellation token fired.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Lets every probe, running or to come, complete.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Lets one waiting (or the next) probe complete.</summary>
    public void ReleaseOne() => _single.Release();

    public void Dispose() => _single.Dispose();

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
        // Running first: whoever sees a probe started also sees it running.
        var now = Interlocked.Increment(ref _running);
        Interlocked.Increment(ref _started);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        try
        {
            await Task.WhenAny(_release.Task, _single.WaitAsync(cancellationToken)).Unwrap().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
