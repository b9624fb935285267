using System.Text.RegularExpressions;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>The texts of the <c>Warning: 299 - "text"</c> headers that the apiserver adds for admission warnings.</summary>
internal static partial class ResponseWarnings
{
    public static IReadOnlyList<string> Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values)
            ? [.. values.Select(value => WarningValue().Match(value)).Where(match => match.Success).Select(match => Regex.Unescape(match.Groups["text"].Value))]
            : [];

    [GeneratedRegex("""^299 - "(?<text>(?:[^"\\]|\\.)*)"$""")]
    private static partial Regex WarningValue();
}
