namespace MailServerOperator.Discovery;

/// <summary>
/// Where autoconfig documents are looked for, in order: the URLs given with --autoconfig-url, then
/// autoconfig.DOMAIN and DOMAIN/.well-known, HTTPS before HTTP (as Thunderbird does). The address goes only to the
/// provider's own autoconfig host over HTTPS (it may serve per-user settings), never over plain HTTP.
/// </summary>
internal static class AutoconfigLocations
{
    public static IReadOnlyList<Uri> For(MailAddress address, IReadOnlyList<Uri> extra)
    {
        var domain = address.Domain;
        var query = address.Address is { } email ? "?emailaddress=" + Uri.EscapeDataString(email) : string.Empty;
        return
        [
            .. extra,
            new Uri($"https://autoconfig.{domain}/mail/config-v1.1.xml{query}"),
            new Uri($"https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
            new Uri($"http://autoconfig.{domain}/mail/config-v1.1.xml"),
            new Uri($"http://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
        ];
    }

    /// <summary>The URL without its query (no address in diagnostics or in a manifest).</summary>
    public static string Display(Uri url) => url.GetLeftPart(UriPartial.Path);
}
