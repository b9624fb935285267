namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// One completed request from the API server's audit log: <c>Writer</c> is the operator instance that sent it (from its
/// User-Agent) or the user agent itself; <c>Holder</c>, for a Lease write, the holderIdentity it wrote.
/// </summary>
internal sealed record AuditEvent(
    DateTimeOffset Received, DateTimeOffset Completed, string Verb, string Resource, string? Subresource, string Namespace, string Name, int Code, string Writer, string? Holder);
