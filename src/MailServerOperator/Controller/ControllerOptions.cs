namespace MailServerOperator.Controller;

internal sealed class ControllerOptions
{
    /// <summary>How many keys are reconciled at once (one reconcile in flight per key regardless).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How long in-flight reconciles may run on after shutdown begins before they are cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);
}
