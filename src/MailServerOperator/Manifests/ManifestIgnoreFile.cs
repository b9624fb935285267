using System.Text;
using System.Text.RegularExpressions;

namespace MailServerOperator.Manifests;

/// <summary>
/// A <c>.mailserverignore</c> file: paths below its directory that directory walks skip (for example test fixtures that are
/// meant to be invalid). One pattern a line, <c>#</c> comments; <c>*</c>, <c>?</c> and <c>**</c> as in .gitignore; a trailing
/// <c>/</c> matches directories only; a pattern without a <c>/</c> matches a name at any depth. Paths named on the command
/// line are always read.
/// </summary>
internal sealed class ManifestIgnoreFile
{
    public const string FileName = ".mailserverignore";

    private readonly string baseRelative;
    private readonly IReadOnlyList<(Regex Pattern, bool DirectoryOnly)> rules;

    private ManifestIgnoreFile(string baseRelative, IReadOnlyList<(Regex, bool)> rules)
    {
        this.baseRelative = baseRelative;
        this.rules = rules;
    }

    /// <param name="path">The ignore file.</param>
    /// <param name="baseRelative">Its directory relative to the walk's root ("" for the root itself), with '/' separators.</param>
    public static ManifestIgnoreFile Load(string path, string baseRelative) => Parse(File.ReadAllLines(path), baseRelative);

    public static ManifestIgnoreFile Parse(IEnumerable<string> lines, string baseRelative)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var directoryOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            var anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            if (line.Length > 0)
            {
                rules.Add((new Regex((anchored ? "^" : "(^|/)") + GlobToRegex(line) + "$", RegexOptions.CultureInvariant), directoryOnly));
            }
        }

        return new ManifestIgnoreFile(baseRelative, rules);
    }

    /// <param name="relative">The entry relative to the walk's root, with '/' separators.</param>
    /// <param name="isDirectory">Whether the entry is a directory (patterns ending in '/' match only those).</param>
    public bool Ignores(string relative, bool isDirectory)
    {
        if (baseRelative.Length > 0)
        {
            if (!relative.StartsWith(baseRelative + "/", StringComparison.Ordinal))
            {
                return false;
            }

            relative = relative[(baseRelative.Length + 1)..];
        }

        return rules.Any(rule => (isDirectory || !rule.DirectoryOnly) && rule.Pattern.IsMatch(relative));
    }

    private static string GlobToRegex(string glob)
    {
        var pattern = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            if (string.CompareOrdinal(glob, i, "**/", 0, 3) == 0)
            {
                // Any number of directories, none included.
                pattern.Append("(?:.*/)?");
                i += 2;
            }
            else if (string.CompareOrdinal(glob, i, "**", 0, 2) == 0)
            {
                pattern.Append(".*");
                i++;
            }
            else
            {
                pattern.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        return pattern.ToString();
    }
}
