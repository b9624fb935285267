using System.Globalization;
using System.Text;
using System.Text.Json;
using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// Writes a discovery as a MailServer manifest to commit: every discovered value with a comment saying where it came
/// from and what verification showed, and what could not be checked. Strings are double-quoted (JSON strings are
/// YAML), so no host or name can read as a YAML boolean or number.
/// </summary>
internal static class MailServerManifestWriter
{
    public static string Write(DiscoveryOutcome outcome, string command, string name, string? @namespace, DateTimeOffset now)
    {
        var incoming = outcome.Incoming ?? throw new ArgumentException("no incoming server", nameof(outcome));
        var outgoing = outcome.Outgoing ?? throw new ArgumentException("no outgoing server", nameof(outcome));
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# Found by `{command}` on {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        foreach (var source in outcome.Sources)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"#   {Comment(source)}");
        }

        var verified = incoming.Verified && outgoing.Verified;
        yaml.AppendLine(verified
            ? "# Both servers were verified with the operator's probes before this was printed. Review, then commit."
            : "# NOT VERIFIED (--no-verify): nothing was connected to. Run discover without --no-verify before you commit.");
        yaml.AppendLine("apiVersion: mailshare.io/v1alpha1");
        yaml.AppendLine("kind: MailServer");
        yaml.AppendLine("metadata:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  name: {Quote(name)}");
        if (@namespace is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  namespace: {Quote(@namespace)}");
        }

        yaml.AppendLine("spec:");
        var displayName = DisplayName(outcome);
        Line(yaml, 2, "displayName", Quote(displayName), outcome.DisplayName is null ? "the mail domain (no provider name found); shown to mailbox users" : "the provider's name");
        yaml.AppendLine("  incoming:");
        Server(yaml, incoming, protocol: incoming.Candidate.Kind == ServerKind.Pop3 ? "POP3" : "IMAP4");
        yaml.AppendLine("    retention:");
        Line(yaml, 6, "leaveOnServer", "false", incoming.Candidate.Kind == ServerKind.Imap4
            ? "your choice, not discovered; with IMAP4 and false every message in INBOX is deleted from the server once received"
            : "your choice, not discovered (the operator recommends false)");
        yaml.AppendLine("  outgoing:");
        Server(yaml, outgoing, protocol: null);
        yaml.AppendLine("    authentication:");
        Line(yaml, 6, "mechanism", Mechanism(outgoing.Mechanism), MechanismComment(outgoing));
        Line(yaml, 6, "useAccountCredentials", "true", "the mailbox account's user name and password");
        if (outgoing.MaxMessageSize is { } size)
        {
            Line(yaml, 4, "maxMessageSize", Quote(Quantity(size)), $"the server's SIZE limit ({size.ToString(CultureInfo.InvariantCulture)} bytes)");
        }

        return yaml.ToString();
    }

    /// <summary>The output for a domain that a built-in MailServer already serves: comments only (an empty YAML stream).</summary>
    public static string WriteBuiltIn(DiscoveryOutcome outcome, string command) =>
        $"# `{command}`: {outcome.Address.Domain} is {outcome.DisplayName}.\n" +
        $"# Every managed namespace already has the built-in MailServer \"{outcome.BuiltIn}\" (positions 1 and 2 are the built-ins),\n" +
        "# with the provider's published settings, kept by the operator. There is nothing to add.\n";

    /// <summary>A DNS-1123 object name from the domain: example.co.jp becomes example-co-jp.</summary>
    public static string DefaultName(string domain)
    {
        var name = new string([.. domain.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        name = name.Length > 63 ? name[..63] : name;
        name = name.Trim('-');
        return name is ReservedMailServerNames.Gmail or ReservedMailServerNames.ExchangeOnline ? name + "-custom" : name;
    }

    private static void Server(StringBuilder yaml, VerifiedServer server, string? protocol)
    {
        var candidate = server.Candidate;
        if (protocol is not null)
        {
            Line(yaml, 4, "protocol", protocol, candidate.Origin);
        }

        Line(yaml, 4, "host", Quote(candidate.Host), candidate.Origin);
        Line(yaml, 4, "port", candidate.Port.ToString(CultureInfo.InvariantCulture), candidate.Origin);
        Line(yaml, 4, "tls", server.Tls.ToString(), server.Tls == ProbeTlsMode.None
            ? "PLAIN TEXT: the server offers no TLS here, and no source named a server with TLS"
            : server.Tls == candidate.Tls ? candidate.Origin : $"{candidate.Origin} says plain text; the server offers STARTTLS");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    # {Comment(server.Facts)}");
        foreach (var note in server.Notes)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    # {Comment(note)}");
        }
    }

    private static string DisplayName(DiscoveryOutcome outcome)
    {
        var name = new string([.. (outcome.DisplayName ?? outcome.Address.Domain).Where(c => !char.IsControl(c))]).Trim();
        return name.Length is 0 ? outcome.Address.Domain : name.Length > 64 ? name[..64].TrimEnd() : name;
    }

    private static string Mechanism(ProbeAuthMechanism mechanism) => Quote(mechanism == ProbeAuthMechanism.None ? "None" : SmtpProbe.MechanismName(mechanism));

    private static string MechanismComment(VerifiedServer outgoing) => outgoing.Mechanism switch
    {
        _ when !outgoing.Verified => "not verified: PLAIN assumed",
        ProbeAuthMechanism.None => "the server offers no SMTP AUTH on this connection (validate warns: SMTP AUTH is recommended)",
        ProbeAuthMechanism.Plain => "offered by the server; PLAIN when offered, as the operator recommends",
        _ => "offered by the server (it does not offer PLAIN)",
    };

    private static string Quantity(long bytes) => bytes switch
    {
        _ when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)}Mi"),
        _ when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024}Ki"),
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    private static void Line(StringBuilder yaml, int indent, string key, string value, string comment) =>
        yaml.Append(' ', indent).Append(key).Append(": ").Append(value).Append("  # ").AppendLine(Comment(comment));

    private static string Quote(string text) => JsonSerializer.Serialize(text, MailServerJsonContext.Default.String);

    /// <summary>One comment line: no line breaks or control characters from a server or a document can end it.</summary>
    private static string Comment(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
}
