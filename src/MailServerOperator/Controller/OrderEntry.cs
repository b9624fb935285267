namespace MailServerOperator.Controller;

/// <summary>What decides a MailServer's place in its namespace's list.</summary>
internal readonly record struct OrderEntry(string Name, int? Order, DateTime? CreatedAt);
