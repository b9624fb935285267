namespace MailServerOperator.Controller;

internal sealed class ControllerOptions
{
    /// <summary>How many keys are reconciled at once (one reconcile in flight per key regardless).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Servers whose position a create, delete or order change moved are written once their namespace has been quiet
    /// this long, so a burst of creates costs one status write per server, not one per server per create.
    /// </summary>
    public TimeSpan PositionSettleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A change in a namespace that never goes quiet still reaches status within this long. Long on purpose: an import
    /// of 10,000 servers takes minutes, and publishing in the middle of it rewrites nearly every status once more.
    /// </summary>
    public TimeSpan PositionMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long in-flight reconciles may run on after shutdown begins before they are cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);
}
