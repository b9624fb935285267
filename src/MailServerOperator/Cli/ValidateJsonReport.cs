using System.Text.Encodings.Web;
using System.Text.Json;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>
/// Prints a <see cref="ValidateResult"/> for machines. The shape is stable (fields are only ever added):
/// <code>
/// {
///   "summary": { "mailServers": 3, "valid": 2, "invalid": 1, "errors": 1, "warnings": 2,
///                "otherDocuments": 4, "malformed": 0, "unreadable": 0, "exitCode": 1 },
///   "mailServers": [ { "file": "examples/a.yaml", "line": 1, "namespace": "mail-share", "name": "a", "valid": false,
///                      "issues": [ { "severity": "error", "field": "spec.incoming.port", "line": 12, "message": "..." } ] } ],
///   "problems": [ { "kind": "malformed", "file": "examples/b.yaml", "line": 3, "message": "..." } ]
/// }
/// </code>
/// <c>namespace</c> and <c>name</c> are null when absent; a problem's <c>line</c> is 0 when it concerns the whole file;
/// <c>kind</c> is <c>malformed</c> or <c>unreadable</c>.
/// </summary>
internal static class ValidateJsonReport
{
    // Relaxed escaping keeps quotes readable; the output is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(ValidateResult result, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            WriteSummary(result, json);
            json.WriteStartArray("mailServers");
            foreach (var server in result.MailServers)
            {
                WriteMailServer(server, json);
            }

            json.WriteEndArray();
            json.WriteStartArray("problems");
            foreach (var problem in result.Problems)
            {
                json.WriteStartObject();
                json.WriteString("kind", problem.Kind == ManifestProblemKind.Unreadable ? "unreadable" : "malformed");
                json.WriteString("file", problem.Source);
                json.WriteNumber("line", problem.Line);
                json.WriteString("message", problem.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteSummary(ValidateResult result, Utf8JsonWriter json)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("mailServers", result.MailServerCount);
        json.WriteNumber("valid", result.ValidCount);
        json.WriteNumber("invalid", result.InvalidCount);
        json.WriteNumber("errors", result.ErrorCount);
        json.WriteNumber("warnings", result.WarningCount);
        json.WriteNumber("otherDocuments", result.OtherDocumentCount);
        json.WriteNumber("malformed", result.MalformedCount);
        json.WriteNumber("unreadable", result.UnreadableCount);
        json.WriteNumber("exitCode", result.ExitCode);
        json.WriteEndObject();
    }

    private static void WriteMailServer(ValidatedMailServer server, Utf8JsonWriter json)
    {
        var document = server.Document;
        json.WriteStartObject();
        json.WriteString("file", document.Source);
        json.WriteNumber("line", document.Line);
        json.WriteString("namespace", document.Namespace);
        json.WriteString("name", document.Name);
        json.WriteBoolean("valid", !server.Report.HasErrors);
        json.WriteStartArray("issues");
        foreach (var issue in server.Report.Issues)
        {
            json.WriteStartObject();
            json.WriteString("severity", issue.Severity == ValidationSeverity.Error ? "error" : "warning");
            json.WriteString("field", issue.Field);
            json.WriteNumber("line", document.LineOf(issue.Field));
            json.WriteString("message", issue.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
