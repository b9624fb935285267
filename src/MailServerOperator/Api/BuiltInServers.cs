using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Informers;

namespace MailServerOperator.Api;

/// <summary>The Gmail and Exchange Online entries that every managed namespace holds, with the providers' published settings.</summary>
internal static class BuiltInServers
{
    public const string BuiltInLabel = "mailshare.io/builtin";
    public const string ManagedNamespaceLabel = "mailshare.io/managed";

    /// <summary>True when a built-in's live spec and label are exactly the published ones.</summary>
    public static bool Matches(MailServerObject current) =>
        current.Metadata.Labels is { } labels && labels.TryGetValue(BuiltInLabel, out var builtIn) && builtIn == "true"
        && current.Raw.TryGetProperty("spec", out var spec)
        && JsonNode.DeepEquals(JsonNode.Parse(spec.GetRawText()), JsonSerializer.SerializeToNode(SpecFor(current.Key.Name), MailServerJsonContext.Default.MailServerSpec));

    /// <summary>
    /// The published settings, with every field that the CRD defaults written out, so that the stored object equals
    /// this spec exactly and any difference is drift.
    /// </summary>
    public static MailServerSpec SpecFor(string name) => name switch
    {
        ReservedMailServerNames.Gmail => new MailServerSpec
        {
            DisplayName = "Gmail",
            Incoming = Imap("imap.gmail.com"),
            Outgoing = new OutgoingServer
            {
                Host = "smtp.gmail.com",
                Port = 465,
                Tls = TlsMode.Implicit,
                Authentication = new SmtpAuthentication { Mechanism = SmtpAuthMechanism.XOAuth2, UseAccountCredentials = true },
            },
            Probe = new ProbeSpec { Interval = "5m" },
        },
        ReservedMailServerNames.ExchangeOnline => new MailServerSpec
        {
            DisplayName = "Exchange Online",
            Incoming = Imap("outlook.office365.com"),
            Outgoing = new OutgoingServer
            {
                Host = "smtp.office365.com",
                Port = 587,
                Tls = TlsMode.StartTls,
                Authentication = new SmtpAuthentication { Mechanism = SmtpAuthMechanism.XOAuth2, UseAccountCredentials = true },
            },
            Probe = new ProbeSpec { Interval = "5m" },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a built-in mail server"),
    };

    private static IncomingServer Imap(string host) => new()
    {
        Protocol = IncomingProtocol.Imap4,
        Host = host,
        Port = 993,
        Tls = TlsMode.Implicit,
        Apop = false,
        Retention = new RetentionSpec { LeaveOnServer = false },
    };
}
