using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.Probing;

/// <summary>Formatting for probe messages: "host:port: detail", durations and sizes a person reads at a glance.</summary>
internal static class ProbeText
{
    private const int MaxServerTextLength = 160;

    public static string Message(string host, int port, string detail) => $"{Endpoint(host, port)}: {detail}";

    public static string Endpoint(string host, int port) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{host}]:{port}"
            : $"{host}:{port}";

    public static string Duration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)duration.TotalMilliseconds)} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");

    /// <summary>"10 MiB (10485760 bytes)"; plain bytes when the value is not a whole KiB.</summary>
    public static string Bytes(long bytes)
    {
        const long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
        var exact = string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
        return bytes switch
        {
            > 0 when bytes % GiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / GiB} GiB ({exact})"),
            > 0 when bytes % MiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB} MiB ({exact})"),
            > 0 when bytes % KiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / KiB} KiB ({exact})"),
            _ => exact,
        };
    }

    public static string List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? "none" : text;
    }

    /// <summary>A server's own words, on one line and short, for a message.</summary>
    public static string ServerText(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxServerTextLength ? line : line[..MaxServerTextLength] + "…";
    }
}
