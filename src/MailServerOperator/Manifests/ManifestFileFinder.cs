namespace MailServerOperator.Manifests;

/// <summary>
/// Lists the manifest files below a directory: every <c>*.yaml</c> and <c>*.yml</c> (any case), depth first, sorted by
/// ordinal name, skipping hidden entries (names starting with '.') and whatever a <see cref="ManifestIgnoreFile"/> names.
/// Symbolic links to directories are followed once.
/// </summary>
internal static class ManifestFileFinder
{
    public static (IReadOnlyList<string> Files, IReadOnlyList<ManifestProblem> Problems) Find(string root)
    {
        var files = new List<string>();
        var problems = new List<ManifestProblem>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, "", [], files, problems, visited);
        return (files, problems);
    }

    private static void Walk(
        string directory,
        string relative,
        IReadOnlyList<ManifestIgnoreFile> ignores,
        List<string> files,
        List<ManifestProblem> problems,
        HashSet<string> visited)
    {
        string[] entries;
        try
        {
            var info = new DirectoryInfo(directory);
            if (!visited.Add(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName))
            {
                return;
            }

            entries = Directory.GetFileSystemEntries(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is UnauthorizedAccessException ? "permission denied" : exception.Message;
            problems.Add(new ManifestProblem(directory, 0, $"cannot read directory: {reason}", ManifestProblemKind.Unreadable));
            return;
        }

        var ignoreFile = Path.Join(directory, ManifestIgnoreFile.FileName);
        if (File.Exists(ignoreFile))
        {
            ignores = [.. ignores, ManifestIgnoreFile.Load(ignoreFile, relative)];
        }

        foreach (var entry in entries.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            var entryRelative = relative.Length == 0 ? name : relative + "/" + name;
            var isDirectory = Directory.Exists(entry);
            if (name.StartsWith('.') || ignores.Any(ignore => ignore.Ignores(entryRelative, isDirectory)))
            {
                continue;
            }

            if (isDirectory)
            {
                Walk(Path.Join(directory, name), entryRelative, ignores, files, problems, visited);
            }
            else if (IsManifestFileName(name))
            {
                files.Add(Path.Join(directory, name));
            }
        }
    }

    public static bool IsManifestFileName(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
