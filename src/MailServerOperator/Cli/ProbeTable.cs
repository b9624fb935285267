using System.Globalization;

namespace MailServerOperator.Cli;

/// <summary>Prints probe results as a table (server, incoming, outgoing, latency, certificate expiry), then the messages of every failure.</summary>
internal static class ProbeTable
{
    public static void Write(IReadOnlyList<ProbeRow> rows, TextWriter output)
    {
        string[] header = ["SERVER", "INCOMING", "OUTGOING", "LATENCY", "CERT EXPIRES"];
        var lines = rows.Select(Cells).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        foreach (var line in lines)
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        foreach (var row in rows.Where(r => !r.Verified))
        {
            output.WriteLine();
            output.WriteLine($"{row.Server}:");
            if (row.NotProbed is not null)
            {
                output.WriteLine("  " + row.NotProbed);
                continue;
            }

            if (!row.Incoming!.Succeeded)
            {
                output.WriteLine($"  incoming {row.Incoming.Reason}: {row.Incoming.Message}");
            }

            if (!row.Outgoing!.Succeeded)
            {
                output.WriteLine($"  outgoing {row.Outgoing.Reason}: {row.Outgoing.Message}");
            }
        }

        output.WriteLine();
        output.WriteLine($"{rows.Count(r => r.Verified)} of {rows.Count} MailServers verified");
    }

    private static string[] Cells(ProbeRow row)
    {
        if (row.NotProbed is not null)
        {
            return [row.Server, "not probed", "not probed", "-", "-"];
        }

        var expiries = new[] { row.Incoming!.CertificateExpiresAt, row.Outgoing!.CertificateExpiresAt }.OfType<DateTimeOffset>().ToList();
        return
        [
            row.Server,
            row.Incoming.Reason.ToString(),
            row.Outgoing.Reason.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"{row.Incoming.Latency.TotalMilliseconds:F0}+{row.Outgoing.Latency.TotalMilliseconds:F0} ms"),
            expiries.Count > 0 ? expiries.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-",
        ];
    }
}
