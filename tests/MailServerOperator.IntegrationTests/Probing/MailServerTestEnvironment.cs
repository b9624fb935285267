using System.Globalization;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Ports and accounts of the loopback test mail servers, read from hack/mailservers/mailservers.env (their one source).</summary>
internal sealed class MailServerTestEnvironment
{
    private readonly Dictionary<string, string> values;

    private MailServerTestEnvironment(string scriptsDirectory, Dictionary<string, string> values)
    {
        ScriptsDirectory = scriptsDirectory;
        this.values = values;
    }

    public string ScriptsDirectory { get; }

    public string Host => this["MAILTEST_HOST"];

    public string User => this["MAILTEST_USER"];

    public string Password => this["MAILTEST_PASSWORD"];

    public long MaxMessageSize => long.Parse(this["MAILTEST_MAX_MESSAGE_SIZE"], CultureInfo.InvariantCulture);

    public string this[string key] => values.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"{key} is not set in {Path.Combine(ScriptsDirectory, "mailservers.env")}");

    /// <summary>A port from mailservers.env shifted by MAILTEST_PORT_OFFSET, as hack/mailservers/apply-port-offset.sh does.</summary>
    public int Port(string key) => int.Parse(this[key], CultureInfo.InvariantCulture) + PortOffset;

    private static int PortOffset =>
        int.TryParse(System.Environment.GetEnvironmentVariable("MAILTEST_PORT_OFFSET"), CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    public static MailServerTestEnvironment Load()
    {
        var scripts = Path.Combine(FindRepositoryRoot(), "hack", "mailservers");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(scripts, "mailservers.env")))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            values[text[..equals]] = text[(equals + 1)..];
        }

        return new(scripts, values);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailServerOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MailServerOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
