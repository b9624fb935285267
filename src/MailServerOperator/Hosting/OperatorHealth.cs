namespace MailServerOperator.Hosting;

/// <summary>What /healthz and /readyz report: alive until a fatal error; ready once caches are synced; leading or standing by.</summary>
internal sealed class OperatorHealth(Leadership leadership)
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _failure;

    public bool Synced => _synced.Task.IsCompleted;

    /// <summary>Completes once the caches are synced; never, when start-up fails.</summary>
    public Task WhenSynced => _synced.Task;

    public bool Leading => leadership.IsLeading;

    public bool Alive => Failure is null;

    /// <summary>The first fatal error, in one line; null while the operator runs.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    public void MarkSynced() => _synced.TrySetResult();

    public void MarkFailed(string reason) => Interlocked.CompareExchange(ref _failure, reason, null);
}
