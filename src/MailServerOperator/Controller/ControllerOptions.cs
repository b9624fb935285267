namespace MailServerOperator.Controller;

internal sealed class ControllerOptions
{
    /// <summary>How many keys are reconciled at once (one reconcile in flight per key regardless).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Servers whose position a create, delete or order change moved are written once their namespace has been quiet
    /// this long at most, so a burst of creates costs one status write per server, not one per server per create.
    /// </summary>
    public TimeSpan PositionSettleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The shortest quiet period: a burst whose changes come faster than a tenth of this apart is published this long
    /// after its last change instead of <see cref="PositionSettleDelay"/> (the quiet adapts to the burst's longest gap:
    /// <see cref="NamespaceSettler"/>).
    /// </summary>
    public TimeSpan PositionSettleMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A new or changed server in a namespace that does not go quiet still gets its status within this long (the servers
    /// it merely moved wait for the quiet). Long on purpose: an import of 10,000 servers takes minutes on a busy API
    /// server, and every server written before the import ends is written again if a later create moves it.
    /// </summary>
    public TimeSpan PositionMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long in-flight reconciles may run on after shutdown begins before they are cancelled; shorter than the leader
    /// Lease's duration, and a reconcile is a few requests (probes run outside it), so a few seconds is plenty.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}
