using System.Text.RegularExpressions;

namespace MailServerOperator.Tests.Examples;

/// <summary>
/// An expectation written as a comment in an example file: <c># expect: field: message substring</c> (an error),
/// <c># expect-warning: field: substring</c>, or <c># expect-schema: field[: substring]</c> (an error that only the CRD schema
/// validator can find).
/// </summary>
internal sealed partial record ExampleExpectation(string Kind, string Field, string Message)
{
    public const string Error = "expect";
    public const string Warning = "expect-warning";
    public const string Schema = "expect-schema";

    public static IReadOnlyList<ExampleExpectation> Read(string path) =>
        [.. File.ReadLines(path)
            .Select(line => Pattern().Match(line))
            .Where(match => match.Success)
            .Select(match => new ExampleExpectation(match.Groups["kind"].Value, match.Groups["field"].Value, match.Groups["message"].Value))];

    public override string ToString() => $"# {Kind}: {Field}: {Message}";

    [GeneratedRegex(@"^#\s*(?<kind>expect(?:-warning|-schema)?):\s*(?<field>[^:\s]+)(?::\s*(?<message>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
