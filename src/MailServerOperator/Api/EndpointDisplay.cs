using System.Globalization;

namespace MailServerOperator.Api;

/// <summary>The endpoints as the printer columns show them: <c>POP3 pop.example.jp:995</c> and <c>smtp.example.jp:587</c>.</summary>
internal static class EndpointDisplay
{
    public static string? DisplayEndpoint(this IncomingServer incoming) =>
        incoming.Protocol is { } protocol && incoming.Host is { } host
            ? string.Create(CultureInfo.InvariantCulture, $"{(protocol == IncomingProtocol.Pop3 ? "POP3" : "IMAP4")} {host}:{incoming.EffectivePort()}")
            : null;

    public static string? DisplayEndpoint(this OutgoingServer outgoing) =>
        outgoing.Host is { } host ? string.Create(CultureInfo.InvariantCulture, $"{host}:{outgoing.EffectivePort()}") : null;
}
