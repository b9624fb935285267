using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MailServerOperator.Validation;

/// <summary>
/// Checks that a host field holds only a DNS name or an IP address, and explains the usual mistakes: a URL
/// (<c>pop3://user@host</c>), user data (<c>user@host</c>) or a port (<c>host:995</c>).
/// </summary>
internal static partial class HostAddress
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>Null when <paramref name="host"/> is valid, otherwise the problem (which may name <paramref name="portField"/>).</summary>
    public static string? Problem(string host, string portField)
    {
        if (host.Trim().Length == 0)
        {
            return "must not be empty: give a DNS name such as mail.example.com or an IP address";
        }

        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var authority = host[(scheme + 3)..].Split('/', '?', '#')[0];
            var bare = StripPort(StripUserData(authority));
            return authority.Contains('@', StringComparison.Ordinal)
                ? $"must be a host name or IP address, not a URL, and never holds a user name or password (the mailbox account or the probe Secret supplies those): write \"{bare}\""
                : $"must be a host name or IP address, not a URL: write \"{bare}\" (protocol and tls choose how to connect)";
        }

        if (host.Contains('@', StringComparison.Ordinal))
        {
            // The part before '@' is never echoed: it may hold a password, and this message reaches status and events.
            return $"must not contain user data (\"...@\"): write \"{StripPort(StripUserData(host))}\"; the mailbox account or the probe Secret supplies user names and passwords";
        }

        if (host.IndexOfAny(['/', '?', '#']) >= 0)
        {
            return $"must be a host name or IP address, not a URL or path: write \"{host.Split('/', '?', '#')[0]}\"";
        }

        if (host.Any(char.IsWhiteSpace) || host.Any(char.IsControl))
        {
            return "must not contain spaces or control characters";
        }

        var withPort = HostWithPort().Match(host);
        if (withPort.Success && !IsIPv6(host))
        {
            var bare = withPort.Groups["host"].Value.Trim('[', ']');
            var port = withPort.Groups["port"].Value;
            var setPort = port.Length > 0 && port.All(char.IsAsciiDigit) ? $"{portField}: {port}" : portField;
            return $"must not include a port: write \"{bare}\" and set {setPort}";
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return $"write an IPv6 address without brackets: \"{host[1..^1]}\"";
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return IsIPv6(host) ? null : $"\"{host}\" is not a valid IPv6 address";
        }

        return DnsNameOrIPv4Problem(host);
    }

    private static string? DnsNameOrIPv4Problem(string host)
    {
        if (host.Any(c => c > 0x7f))
        {
            return "must be ASCII: write an internationalized domain name in its xn-- (punycode) form";
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        var labels = name.Split('.');
        if (labels.All(label => label.Length > 0 && label.All(char.IsAsciiDigit)))
        {
            return IsIPv4(name) ? null : $"\"{host}\" is not a valid IPv4 address";
        }

        if (name.Length > MaxNameLength)
        {
            return $"must be at most {MaxNameLength} characters";
        }

        foreach (var label in labels)
        {
            var problem = LabelProblem(label);
            if (problem is not null)
            {
                return $"\"{host}\" is not a valid DNS name: {problem}";
            }
        }

        return labels[^1].All(char.IsAsciiDigit)
            ? $"\"{host}\" is not a valid DNS name: the last label cannot be all digits"
            : null;
    }

    private static string? LabelProblem(string label)
    {
        if (label.Length == 0)
        {
            return "it has an empty label (two dots in a row, or a leading dot)";
        }

        if (label.Length > MaxLabelLength)
        {
            return $"label \"{label}\" is longer than {MaxLabelLength} characters";
        }

        if (label.Contains('_', StringComparison.Ordinal))
        {
            return $"'_' is not allowed in host names (label \"{label}\")";
        }

        if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return $"label \"{label}\" may contain only letters, digits and '-'";
        }

        return label.StartsWith('-') || label.EndsWith('-')
            ? $"label \"{label}\" must start and end with a letter or digit"
            : null;
    }

    private static bool IsIPv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is >= 1 and <= 3 &&
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 255);
    }

    // IPAddress.TryParse also takes "[addr]:port" and "addr%zone"; a host field wants the bare address.
    private static bool IsIPv6(string text) =>
        text.IndexOfAny(['%', '[', ']']) < 0 &&
        IPAddress.TryParse(text, out var address) &&
        address.AddressFamily == AddressFamily.InterNetworkV6;

    private static string StripUserData(string authority) => authority[(authority.LastIndexOf('@') + 1)..];

    private static string StripPort(string authority)
    {
        var withPort = HostWithPort().Match(authority);
        return withPort.Success && !IsIPv6(authority) ? withPort.Groups["host"].Value.Trim('[', ']') : authority;
    }

    [GeneratedRegex(@"^(?<host>\[[^\]]*\]|[^:\[\]]*):(?<port>[^:]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HostWithPort();
}
