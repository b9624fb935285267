namespace MailServerOperator.Informers;

internal sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
