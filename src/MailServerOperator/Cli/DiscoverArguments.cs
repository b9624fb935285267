namespace MailServerOperator.Cli;

/// <summary>The command line of <c>discover</c>, as given.</summary>
internal sealed record DiscoverArguments(
    string Target,
    string? Name,
    string? Namespace,
    string? DnsServer,
    string? CaBundle,
    TimeSpan Timeout,
    bool NoVerify,
    IReadOnlyList<string> AutoconfigUrls,
    string? Protocol,
    string? CredentialsFile,
    IReadOnlyList<string> PortMap);
