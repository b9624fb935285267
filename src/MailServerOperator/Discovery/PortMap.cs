using System.Globalization;

namespace MailServerOperator.Discovery;

/// <summary>
/// Where a standard port is really reached (993=19993): the hidden <c>--port-map</c> option, so that tests can run the
/// standard discovery (guesses on 993, autoconfig on 443) against servers on unprivileged ports. Ports not in the map
/// are used as they are; nothing else about a candidate changes.
/// </summary>
internal sealed class PortMap
{
    private readonly Dictionary<int, int> map;

    private PortMap(Dictionary<int, int> map) => this.map = map;

    public static PortMap None { get; } = new([]);

    public int this[int port] => map.TryGetValue(port, out var mapped) ? mapped : port;

    public static bool TryParse(IEnumerable<string> entries, out PortMap portMap, out string error)
    {
        var map = new Dictionary<int, int>();
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = entry.Split('=');
            if (parts.Length != 2 || !TryPort(parts[0], out var from) || !TryPort(parts[1], out var to))
            {
                portMap = None;
                error = $"--port-map: '{MailAddress.Printable(entry)}' is not PORT=PORT (e.g. 993=10993)";
                return false;
            }

            map[from] = to;
        }

        portMap = new(map);
        error = string.Empty;
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
