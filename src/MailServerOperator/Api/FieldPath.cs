using System.Globalization;
using System.Text.RegularExpressions;

namespace MailServerOperator.Api;

/// <summary>
/// Field paths in the form Kubernetes prints them: <c>spec.incoming.port</c>, <c>metadata.labels[mailshare.io/builtin]</c>,
/// <c>items[0].spec</c>. The root is the empty path.
/// </summary>
internal static partial class FieldPath
{
    public const string Root = "";

    public static string Child(string parent, string key)
    {
        if (key.Length == 0)
        {
            return $"{parent}[\"\"]"; // an empty key, which a typo can produce ("": x)
        }

        if (!SimpleKey().IsMatch(key))
        {
            return $"{parent}[{key}]";
        }

        return parent.Length == 0 ? key : $"{parent}.{key}";
    }

    public static string Index(string parent, int index) =>
        $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The enclosing field, or null for the root. <c>spec.incoming.port</c> → <c>spec.incoming</c>.</summary>
    public static string? Parent(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var end = path.Length;
        if (path[^1] == ']')
        {
            var open = path.LastIndexOf('[');
            return open <= 0 ? Root : path[..open];
        }

        var dot = path.LastIndexOf('.', end - 1);
        var bracket = path.LastIndexOf(']', end - 1);
        return dot < 0 && bracket < 0 ? Root : path[..Math.Max(dot, bracket + 1)];
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="path"/> or encloses it.</summary>
    public static bool IsWithin(string path, string ancestor)
    {
        for (string? current = path; current is not null; current = Parent(current))
        {
            if (string.Equals(current, ancestor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Converts a System.Text.Json path (<c>$.spec.incoming.port</c>, <c>$.metadata.labels['a.b/c']</c>) to a field path.</summary>
    public static string FromJsonPath(string? jsonPath)
    {
        var path = Root;
        if (jsonPath is null)
        {
            return path;
        }

        foreach (Match segment in JsonPathSegment().Matches(jsonPath))
        {
            path = segment.Groups["index"].Success
                ? Index(path, int.Parse(segment.Groups["index"].ValueSpan, CultureInfo.InvariantCulture))
                : Child(path, segment.Groups["name"].Success
                    ? segment.Groups["name"].Value
                    : segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal));
        }

        return path;
    }

    /// <summary>The field path of <paramref name="segments"/>: the inverse of <see cref="Segments"/>.</summary>
    public static string Of(IEnumerable<FieldPathSegment> segments)
    {
        var path = Root;
        foreach (var segment in segments)
        {
            path = segment.Index is { } index ? Index(path, index) : Child(path, segment.Name ?? "");
        }

        return path;
    }

    /// <summary>The segments of a field path, each a property name or an index.</summary>
    public static IReadOnlyList<FieldPathSegment> Segments(string path)
    {
        var segments = new List<FieldPathSegment>();
        foreach (Match segment in FieldPathSegmentPattern().Matches(path))
        {
            segments.Add(segment.Groups["index"].Success
                ? new FieldPathSegment(null, int.Parse(segment.Groups["index"].ValueSpan, CultureInfo.InvariantCulture))
                : new FieldPathSegment(segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["key"].Value, null));
        }

        return segments;
    }

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleKey();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>[0-9]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex JsonPathSegment();

    [GeneratedRegex(@"(?:^|\.)(?<name>[A-Za-z_$][A-Za-z0-9_$-]*)|\[(?<index>[0-9]+)\]|\[(?<key>[^\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPathSegmentPattern();
}
