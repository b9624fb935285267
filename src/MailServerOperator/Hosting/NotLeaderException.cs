namespace MailServerOperator.Hosting;

/// <summary>A write was refused because this instance does not (or can no longer be sure it does) hold the leader Lease.</summary>
internal sealed class NotLeaderException() : Exception("this instance is not the leader");
