using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using MailServerOperator.Probing;
using MailServerOperator.Validation;

namespace MailServerOperator.Discovery;

/// <summary>
/// Reads a Thunderbird autoconfig document (config-v1.1.xml) from an untrusted server: no DTD (so no entity
/// expansion and no XXE), no external resolution, bounded size, at most <see cref="MaxServers"/> servers, every
/// host name checked like a MailServer host. Servers it cannot use are skipped with a note.
/// </summary>
internal static class AutoconfigDocument
{
    public const int MaxServers = 16;

    public static AutoconfigResult Parse(Stream content, string domain, string origin)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = AutoconfigFetcher.MaxDocumentBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            Async = false,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(content, settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return AutoconfigResult.Failed($"not a valid autoconfig document (line {e.LineNumber}: {Short(e.Message)})");
        }

        var provider = document.Root is { Name.LocalName: "clientConfig" } root ? root.Element("emailProvider") : null;
        if (provider is null)
        {
            return AutoconfigResult.Failed("not an autoconfig document (no clientConfig/emailProvider)");
        }

        var notes = new List<string>();
        var candidates = new List<ServerCandidate>();
        foreach (var server in provider.Elements().Where(e => e.Name.LocalName is "incomingServer" or "outgoingServer").Take(MaxServers))
        {
            if (Read(server, domain, origin, candidates.Count, out var note) is { } candidate)
            {
                candidates.Add(candidate);
            }
            else if (note is not null)
            {
                notes.Add(note);
            }
        }

        var displayName = provider.Element("displayName")?.Value.Trim();
        return new AutoconfigResult(candidates, displayName is { Length: > 0 } ? displayName : null, notes, null);
    }

    private static ServerCandidate? Read(XElement server, string domain, string origin, int rank, out string? note)
    {
        note = null;
        var type = (string?)server.Attribute("type");
        ServerKind? kind = (server.Name.LocalName, type) switch
        {
            ("incomingServer", "pop3") => ServerKind.Pop3,
            ("incomingServer", "imap") => ServerKind.Imap4,
            ("outgoingServer", "smtp") => ServerKind.Smtp,
            _ => null,
        };
        if (kind is null)
        {
            note = $"{server.Name.LocalName} type \"{MailAddress.Printable(type ?? "")}\" skipped (only pop3, imap and smtp are MailServer protocols)";
            return null;
        }

        var host = server.Element("hostname")?.Value.Trim().Replace("%EMAILDOMAIN%", domain, StringComparison.Ordinal).TrimEnd('.') ?? "";
        var portText = server.Element("port")?.Value.Trim();
        var socketType = server.Element("socketType")?.Value.Trim();
        ProbeTlsMode? tls = socketType switch
        {
            "SSL" => ProbeTlsMode.Implicit,
            "STARTTLS" => ProbeTlsMode.StartTls,
            "plain" => ProbeTlsMode.None,
            _ => null,
        };
        if (HostAddress.Problem(host, "port") is { } problem)
        {
            // The host is not echoed: it may carry user data (HostAddress's own message leaves that out).
            note = $"a {kind.Value.Display()} server skipped: the host name {problem}";
            return null;
        }

        var what = $"{kind.Value.Display()} server \"{host}\"";

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            note = $"{what} skipped: port \"{MailAddress.Printable(portText ?? "")}\" is not 1..65535";
            return null;
        }

        if (tls is null)
        {
            note = $"{what} skipped: socketType \"{MailAddress.Printable(socketType ?? "")}\" is not SSL, STARTTLS or plain";
            return null;
        }

        return new ServerCandidate(kind.Value, host.ToLowerInvariant(), port, tls.Value, CandidateSource.Autoconfig, origin, rank);
    }

    private static string Short(string message) => MailAddress.Printable(message.Split('\n')[0]);
}
