namespace MailServerOperator.Kubernetes;

/// <summary>The operator's own user name and where it was learnt (for the start-up log line).</summary>
internal sealed record OperatorUser(string Name, string Source);
