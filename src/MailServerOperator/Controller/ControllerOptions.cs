namespace MailServerOperator.Controller;

internal sealed class ControllerOptions
{
    /// <summary>How many keys are reconciled at once (one reconcile in flight per key regardless).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// How long in-flight reconciles may run on after shutdown begins before they are cancelled; shorter than the leader
    /// Lease's duration, and a reconcile is a few requests (probes run outside it), so a few seconds is plenty.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}
