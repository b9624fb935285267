namespace MailServerOperator.Kubernetes;

/// <summary>The merge patch that counts up an Event's series: <c>{"series":{"count":N,"lastObservedTime":"..."}}</c>.</summary>
internal sealed record EventSeriesPatch(EventSeriesPatch.Counted Series)
{
    internal sealed record Counted(int Count, string LastObservedTime);
}
