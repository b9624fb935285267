using System.Text;
using System.Text.RegularExpressions;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>Splits a Dockerfile into stages and instructions: comments dropped, backslash continuations joined.</summary>
internal static partial class DockerfileParser
{
    public static IReadOnlyList<DockerfileStage> Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        List<DockerfileInstruction>? current = null;
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                var from = FromArguments().Match(instruction.Arguments);
                if (!from.Success)
                {
                    throw new FormatException($"Dockerfile {instruction}: expected FROM IMAGE [AS NAME]");
                }

                current = [];
                stages.Add(new DockerfileStage(from.Groups["image"].Value, from.Groups["name"].Success ? from.Groups["name"].Value : null, current));
            }
            else
            {
                (current ?? throw new FormatException($"Dockerfile {instruction}: instruction before the first FROM")).Add(instruction);
            }
        }

        return stages;
    }

    private static IEnumerable<DockerfileInstruction> Instructions(string text)
    {
        var pending = new StringBuilder();
        var firstLine = 0;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (pending.Length == 0 && line.Trim().Length == 0))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                firstLine = index + 1;
            }

            var continued = line.EndsWith('\\');
            pending.Append(continued ? line[..^1] : line).Append(' ');
            if (!continued)
            {
                var joined = pending.ToString().Trim();
                pending.Clear();
                var space = joined.IndexOfAny([' ', '\t']);
                yield return space < 0
                    ? new DockerfileInstruction(joined.ToUpperInvariant(), "", firstLine)
                    : new DockerfileInstruction(joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim(), firstLine);
            }
        }
    }

    [GeneratedRegex(@"^(?<image>\S+)(\s+(?i:as)\s+(?<name>\S+))?$")]
    private static partial Regex FromArguments();
}
