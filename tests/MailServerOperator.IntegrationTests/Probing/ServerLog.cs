namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Reads a mail server's log, which it writes a moment after the connection ends.</summary>
internal static class ServerLog
{
    /// <summary>The lines containing <paramref name="fragment"/>, once there is at least one (or none after 10 s).</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(Func<string> read, string fragment)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var lines = read().Split('\n').Where(line => line.Contains(fragment, StringComparison.Ordinal)).ToList();
            if (lines.Count > 0 || DateTime.UtcNow > until)
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A user name no other test uses, so that its log lines belong to one probe.</summary>
    public static string UniqueUser() => "probe" + Guid.NewGuid().ToString("N")[..12];
}
