using System.Text;
using System.Text.RegularExpressions;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The <c>.dockerignore</c> rules Docker applies to a build context: a path is left out when a pattern matches it or
/// one of its parent directories. Supports <c>*</c>, <c>?</c> and <c>**</c>; exceptions (<c>!</c>) are refused.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<Regex> _patterns;

    private DockerIgnore(IReadOnlyList<Regex> patterns) => _patterns = patterns;

    public static DockerIgnore Read(string contextDirectory)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        return new DockerIgnore([.. lines
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(ToRegex)]);
    }

    /// <param name="relativePath">A path in the context, with <c>/</c> separators.</param>
    public bool Excludes(string relativePath)
    {
        for (var path = relativePath; path.Length > 0; path = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "")
        {
            if (_patterns.Any(pattern => pattern.IsMatch(path)))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        if (pattern.StartsWith('!'))
        {
            throw new NotSupportedException($".dockerignore: exceptions ({pattern}) are not emulated; keep the file to plain exclusions");
        }

        var text = pattern.Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i..].StartsWith("**/", StringComparison.Ordinal))
            {
                regex.Append("(.*/)?");
                i += 2;
            }
            else if (text[i..].StartsWith("**", StringComparison.Ordinal))
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append(text[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var c => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
