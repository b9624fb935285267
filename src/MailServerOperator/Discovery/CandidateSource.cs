namespace MailServerOperator.Discovery;

/// <summary>Where a candidate came from, in order of precedence (a lower value wins).</summary>
internal enum CandidateSource
{
    /// <summary>The built-in catalog of well-known providers.</summary>
    Catalog,

    /// <summary>The provider's autoconfig document (Thunderbird's config-v1.1.xml).</summary>
    Autoconfig,

    /// <summary>DNS SRV records (RFC 6186, RFC 8314).</summary>
    DnsSrv,

    /// <summary>Common host names and the MX hosts on the standard ports.</summary>
    Guess,
}
