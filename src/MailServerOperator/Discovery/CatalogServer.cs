using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>One published server of a catalog provider.</summary>
internal sealed record CatalogServer(ServerKind Kind, string Host, int Port, ProbeTlsMode Tls);
