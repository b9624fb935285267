using System.Globalization;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>
/// Prints a <see cref="ValidateResult"/> for people and CI logs, one problem a line, in file and line order:
/// <c>file:line: namespace/name: field: message</c> for errors, <c>file:line: warning: namespace/name: field: message</c>
/// for warnings, <c>file:line: message</c> for malformed documents, then a summary line. Unreadable paths go to
/// the error writer.
/// </summary>
internal static class ValidateTextReport
{
    public static void Write(ValidateResult result, TextWriter output, TextWriter error)
    {
        foreach (var file in result.Files)
        {
            var lines = file.MailServers
                .SelectMany(server => server.Report.Issues.Select(issue => (Line: server.Document.LineOf(issue.Field), Text: Format(file.Source, server, issue))))
                .Concat(file.Problems.Where(problem => problem.Kind == ManifestProblemKind.Malformed).Select(problem => (problem.Line, Text: problem.ToString())))
                .OrderBy(line => line.Line);
            foreach (var (_, text) in lines)
            {
                output.WriteLine(OneLine(text));
            }

            foreach (var problem in file.Problems.Where(problem => problem.Kind == ManifestProblemKind.Unreadable))
            {
                error.WriteLine(problem.ToString());
            }
        }

        output.WriteLine(Summary(result));
    }

    public static string Summary(ValidateResult result)
    {
        var summary = $"{Count(result.MailServerCount, "MailServer")} checked: {result.ValidCount} valid, {result.InvalidCount} invalid, " +
            $"{Count(result.WarningCount, "warning")}; {Count(result.OtherDocumentCount, "other document")} ignored";
        if (result.MalformedCount > 0)
        {
            summary += $"; {result.MalformedCount} malformed";
        }

        if (result.UnreadableCount > 0)
        {
            summary += $"; {result.UnreadableCount} unreadable";
        }

        return summary;
    }

    private static string Format(string source, ValidatedMailServer server, ValidationIssue issue)
    {
        var line = server.Document.LineOf(issue.Field).ToString(CultureInfo.InvariantCulture);
        var severity = issue.Severity == ValidationSeverity.Warning ? "warning: " : "";
        var field = issue.Field.Length > 0 ? issue.Field + ": " : "";
        return $"{source}:{line}: {severity}{server.ObjectName}: {field}{issue.Message}";
    }

    /// <summary>A field name or value with a line break in it (a quoted YAML key can hold one) must not break the one-line format.</summary>
    private static string OneLine(string text) =>
        text.Any(IsLineBreaking)
            ? string.Concat(text.Select(c => IsLineBreaking(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString()))
            : text;

    private static bool IsLineBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
