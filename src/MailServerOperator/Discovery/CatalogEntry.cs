namespace MailServerOperator.Discovery;

/// <summary>A well-known provider: the domains it serves, the MX host suffixes that reveal it, and its servers or built-in entry.</summary>
/// <param name="Provider">The provider's name (the manifest's displayName).</param>
/// <param name="Domains">Mail domains of the provider's own addresses.</param>
/// <param name="MxSuffixes">MX host suffixes of domains the provider hosts (a company's domain on Google Workspace).</param>
/// <param name="BuiltIn">The built-in MailServer that already serves it (gmail, exchange-online), or null.</param>
/// <param name="Servers">The published servers, preferred first.</param>
/// <param name="Reference">Where the facts are published.</param>
internal sealed record CatalogEntry(
    string Provider,
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> MxSuffixes,
    string? BuiltIn,
    IReadOnlyList<CatalogServer> Servers,
    string Reference);
