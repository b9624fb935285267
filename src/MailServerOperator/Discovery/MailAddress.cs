using System.Globalization;
using System.Net;
using MailServerOperator.Validation;

namespace MailServerOperator.Discovery;

/// <summary>What <c>discover</c> was asked about: an email address or a bare domain, with the domain in ASCII lower case.</summary>
/// <param name="Address">The address as given, or null for a bare domain.</param>
/// <param name="Domain">The mail domain (IDNA ASCII form, lower case, no trailing dot).</param>
internal sealed record MailAddress(string? Address, string Domain)
{
    /// <summary>Parses ADDRESS-OR-DOMAIN; <paramref name="error"/> says what is wrong for a usage error.</summary>
    public static bool TryParse(string? text, out MailAddress address, out string error)
    {
        address = new MailAddress(null, "invalid");
        text = text?.Trim() ?? string.Empty;
        var at = text.LastIndexOf('@');
        var domain = (at >= 0 ? text[(at + 1)..] : text).TrimEnd('.');
        if (at == 0 || (at > 0 && text[..at].Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            error = "give an email address (alice@example.com) or a domain (example.com)";
            return false;
        }

        try
        {
            domain = new IdnMapping().GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = $"'{Printable(domain)}' is not a valid domain name";
            return false;
        }

        if (IPAddress.TryParse(domain, out _) || !domain.Contains('.', StringComparison.Ordinal) || HostAddress.Problem(domain, "port") is not null)
        {
            error = $"'{Printable(domain)}' is not a mail domain: give an email address (alice@example.com) or a domain name (example.com)";
            return false;
        }

        address = new MailAddress(at > 0 ? $"{text[..at]}@{domain}" : null, domain);
        error = string.Empty;
        return true;
    }

    /// <summary>Input echoed in an error, without control characters and bounded in length.</summary>
    public static string Printable(string text)
    {
        var clean = new string([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 80 ? clean + "..." : clean;
    }

    public override string ToString() => Address ?? Domain;
}
