using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MailServerOperator.Probing;

/// <summary>Formatting for probe messages: "host:port: detail", durations and sizes a person reads at a glance.</summary>
internal static class ProbeText
{
    private const int MaxLocalTextLength = 160;

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

    /// <summary>
    /// Local text (a TLS library's error) for a message: printable ASCII on one line, at most 160 characters. Never
    /// used for what a server sent: messages carry only the operator's own words about it.
    /// </summary>
    public static string Sanitize(string text)
    {
        var printable = new string([.. text.Select(c => c is >= ' ' and <= '~' ? c : ' ')]);
        var line = string.Join(' ', printable.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxLocalTextLength ? line : line[..MaxLocalTextLength] + "...";
    }
}
