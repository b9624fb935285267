namespace MailServerOperator.Hosting;

/// <summary>What /healthz and /readyz report: alive while the operator loop runs; ready once caches are synced.</summary>
internal sealed class OperatorHealth
{
    private volatile bool _synced;
    private volatile bool _leading;
    private volatile bool _failed;

    public bool Synced => _synced;

    public bool Leading => _leading;

    public bool Alive => !_failed;

    public void MarkSynced() => _synced = true;

    public void SetLeading(bool leading) => _leading = leading;

    public void MarkFailed() => _failed = true;
}
