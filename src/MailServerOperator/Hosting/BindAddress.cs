using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MailServerOperator.Hosting;

/// <summary>
/// A listen address as flags give it: <c>SCHEME://HOST:PORT</c>, <c>HOST:PORT</c> or <c>:PORT</c>. HOST is an IP address,
/// <c>localhost</c>, or <c>*</c> (or empty) for every address; port 0 picks a free port.
/// </summary>
internal sealed partial record BindAddress(string Host, int Port)
{
    public static BindAddress Parse(string value, string scheme)
    {
        var match = Pattern().Match(value);
        if (!match.Success || !int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"\"{value}\" is not a listen address: write {scheme}://HOST:PORT, HOST:PORT or :PORT");
        }

        if (match.Groups["scheme"].Success && !string.Equals(match.Groups["scheme"].Value, scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"\"{value}\": this address serves {scheme}, not {match.Groups["scheme"].Value}");
        }

        var host = match.Groups["host"].Value.Trim('[', ']');
        if (host is not ("" or "*" or "+" or "localhost") && !IPAddress.TryParse(host, out _))
        {
            throw new FormatException($"\"{value}\": the host must be an IP address, localhost or *, not \"{host}\"");
        }

        return new BindAddress(host, port);
    }

    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure)
    {
        switch (Host)
        {
            case "" or "*" or "+":
                kestrel.ListenAnyIP(Port, configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(Port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(Host), Port, configure);
                break;
        }
    }

    [GeneratedRegex(@"^(?:(?<scheme>[a-zA-Z]+)://)?(?<host>\[[0-9a-fA-F:.]+\]|[^:/\[\]]*):(?<port>[0-9]{1,5})/?$")]
    private static partial Regex Pattern();
}
