using System.Globalization;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>Thunderbird autoconfig (config-v1.1.xml) documents for the tests.</summary>
internal static class AutoconfigXml
{
    public static string Config(string displayName, params string[] servers) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><clientConfig version="1.1"><emailProvider id="test"><domain>test</domain><displayName>{displayName}</displayName>{string.Concat(servers)}</emailProvider></clientConfig>""";

    public static string Incoming(string type, string host, int port, string socketType) => string.Create(
        CultureInfo.InvariantCulture,
        $"<incomingServer type=\"{type}\"><hostname>{host}</hostname><port>{port}</port><socketType>{socketType}</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></incomingServer>");

    public static string Outgoing(string host, int port, string socketType) => string.Create(
        CultureInfo.InvariantCulture,
        $"<outgoingServer type=\"smtp\"><hostname>{host}</hostname><port>{port}</port><socketType>{socketType}</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>");
}
