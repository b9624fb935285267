namespace MailServerOperator.Kubernetes;

/// <summary>What to send for one Event, observed at <paramref name="At"/>: nothing (rate-limited), a new Event with this name, or a series count on an existing one.</summary>
internal readonly record struct EventDecision(EventAction Action, string Name, int Count, DateTime At)
{
    public static readonly EventDecision Drop = new(EventAction.Drop, "", 0, default);
}
