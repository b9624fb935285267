namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Reads a mail server's log, which it writes a moment after the connection ends.</summary>
internal static class ServerLog
{
    /// <summary>The lines containing <paramref name="fragment"/>, once there is at least one (or none after 30 s).</summary>
    public static Task<IReadOnlyList<string>> LinesAsync(Func<string> read, string fragment) => LinesAfterAsync(read, fragment, 0);

    /// <summary>How many lines contain <paramref name="fragment"/> now.</summary>
    public static int Count(Func<string> read, string fragment) => Matching(read(), fragment).Count;

    /// <summary>
    /// The lines containing <paramref name="fragment"/> beyond the first <paramref name="skip"/>, once there is at least
    /// one (or none after 30 s): what a connection added to the log, when its server logs one line as it ends.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LinesAfterAsync(Func<string> read, string fragment, int skip)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = Matching(read(), fragment).Skip(skip).ToList();
            if (lines.Count > 0 || DateTime.UtcNow > until)
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A user name no other test uses, so that its log lines belong to one probe.</summary>
    public static string UniqueUser() => "probe" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>An EHLO name no other test uses, so that its Exim log lines belong to one probe.</summary>
    public static string UniqueEhloName() => $"probe-{Guid.NewGuid().ToString("N")[..12]}.mailshare.example";

    private static List<string> Matching(string log, string fragment) =>
        [.. log.Split('\n').Where(line => line.Contains(fragment, StringComparison.Ordinal))];
}
