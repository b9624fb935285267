namespace MailServerOperator.Discovery;

/// <summary>What one autoconfig document gave: its usable servers, the provider's display name, notes on what was skipped, or why it failed.</summary>
internal sealed record AutoconfigResult(IReadOnlyList<ServerCandidate> Candidates, string? DisplayName, IReadOnlyList<string> Notes, string? Failure)
{
    public static AutoconfigResult Failed(string failure) => new([], null, [], failure);
}
