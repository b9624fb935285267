namespace MailServerOperator.Tests.Informers;

internal sealed record Item(string Name, string ResourceVersion, string Namespace = "ns");
