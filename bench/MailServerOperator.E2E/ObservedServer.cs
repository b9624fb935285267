namespace MailServerOperator.E2E;

/// <summary>What the benchmark's watch last saw of one MailServer.</summary>
internal readonly record struct ObservedServer(long Generation, long? ObservedGeneration, int? Position, long? ValidGeneration);
