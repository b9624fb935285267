namespace MailServerOperator.Manifests;

/// <summary>
/// Reads manifests from files, directories (every <c>*.yaml</c>/<c>*.yml</c> below, see <see cref="ManifestFileFinder"/>) and
/// standard input (<c>-</c>), in a stable order. Never throws for missing, unreadable or malformed input: each becomes a
/// <see cref="ManifestProblem"/>.
/// </summary>
internal static class ManifestReader
{
    public const string StandardInput = "-";
    public const string StandardInputSource = "<stdin>";

    public static IReadOnlyList<ManifestFile> Read(IEnumerable<string> paths, TextReader? standardInput = null)
    {
        var files = new List<ManifestFile>();
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                files.Add(ReadStandardInput(standardInput ?? Console.In));
            }
            else if (Directory.Exists(path))
            {
                var found = ManifestFileFinder.Find(path);
                files.AddRange(found.Problems.Select(problem => new ManifestFile(problem.Source, [], [problem])));
                files.AddRange(found.Files.Select(file => ReadFile(file)));
            }
            else
            {
                files.Add(ReadFile(path));
            }
        }

        return files;
    }

    public static ManifestFile ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
                UnauthorizedAccessException => "permission denied",
                _ => exception.Message,
            };
            return Unreadable(path, reason);
        }

        return YamlManifestParser.Parse(path, text);
    }

    public static ManifestFile ReadText(string source, string text) => YamlManifestParser.Parse(source, text);

    private static ManifestFile ReadStandardInput(TextReader input)
    {
        try
        {
            return ReadText(StandardInputSource, input.ReadToEnd());
        }
        catch (IOException exception)
        {
            return Unreadable(StandardInputSource, exception.Message);
        }
    }

    private static ManifestFile Unreadable(string source, string reason) =>
        new(source, [], [new ManifestProblem(source, 0, $"cannot read: {reason}", ManifestProblemKind.Unreadable)]);
}
