using System.CommandLine;
using System.Text.Json;
using Json.Schema;
using MailServerOperator.Cli;
using MailServerOperator.Manifests;
using MailServerOperator.Tests.Examples;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Cli;

/// <summary><c>schema</c> and the editor support built on it, checked with an independent JSON Schema validator (JsonSchema.Net).</summary>
public sealed class SchemaCommandTests
{
    private const string Modeline = "# yaml-language-server: $schema=";

    private static readonly JsonSchema Schema = JsonSchema.FromText(MailServerJsonSchema.Generate());

    public static TheoryData<string> ValidExamples => Files("examples");

    public static TheoryData<string> InvalidExamples => Files(Path.Join("examples", "invalid"));

    [Fact]
    public async Task Invoke_Schema_PrintsTheCommittedFile()
    {
        using var output = new StringWriter();

        var exitCode = await OperatorCommandLine.InvokeAsync(["schema"], new InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        Assert.Equal(File.ReadAllText(Path.Join(RepositoryRoot.Path, "crds", MailServerJsonSchema.FileName)), output.ToString());
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Evaluate_ValidExample_IsAccepted(string path)
    {
        foreach (var document in MailServers(path))
        {
            var result = Evaluate(document.Content);
            Assert.True(result.IsValid, $"{path}: {Describe(result)}");
        }
    }

    [Theory]
    [InlineData("spec.incoming.host", "hots")]
    [InlineData("spec.displayName", "displayname")]
    [InlineData("spec.outgoing.authentication.mechanism", "mechanisms")]
    [InlineData("metadata.name", "nmae")]
    public void Evaluate_MisspeltField_IsRefusedAtThatField(string field, string typo)
    {
        var yaml = File.ReadAllText(Path.Join(RepositoryRoot.Path, "examples", "on-premises.yaml"));
        var key = field.Split('.')[^1];
        var misspelt = yaml.Replace($" {key}:", $" {typo}:", StringComparison.Ordinal);
        Assert.NotEqual(yaml, misspelt);

        var result = Evaluate(ManifestReader.ReadText("typo.yaml", misspelt).Documents.Single().Content);

        Assert.False(result.IsValid);
        var pointer = "/" + string.Join('/', field.Split('.')[..^1].Append(typo));
        Assert.Contains(Failures(result), failure => failure.InstanceLocation.ToString() == pointer);
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void Evaluate_InvalidExample_IsNeverRefusedByTheEditorAloneAndUnknownFieldsAreCaught(string path)
    {
        var document = MailServers(path).Single();
        var result = Evaluate(document.Content);

        // The editor's schema is never stricter than the operator: what it refuses, validate refuses too.
        if (!result.IsValid)
        {
            Assert.True(MailServerValidator.Validate(document.Content).HasErrors, $"{path}: {Describe(result)}");
        }

        foreach (var expectation in ExampleExpectation.Read(path).Where(e => e.Kind == ExampleExpectation.Schema))
        {
            Assert.False(result.IsValid, $"{path}: {expectation}");
        }
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    [MemberData(nameof(InvalidExamples))]
    public void Example_WithOnlyMailServers_CarriesTheModelinePointingAtTheSchema(string path)
    {
        var first = File.ReadLines(path).First();
        Assert.StartsWith(Modeline, first, StringComparison.Ordinal);
        var target = Path.GetFullPath(Path.Join(Path.GetDirectoryName(path), first[Modeline.Length..]));
        Assert.Equal(Path.Join(RepositoryRoot.Path, "crds", MailServerJsonSchema.FileName), target);
    }

    private static TheoryData<string> Files(string directory)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Join(RepositoryRoot.Path, directory), "*.yaml").Order(StringComparer.Ordinal))
        {
            var documents = ManifestReader.ReadFile(path).Documents;
            if (documents.Count > 0 && documents.All(d => d.Kind == "MailServer"))
            {
                data.Add(path);
            }
        }

        return data;
    }

    private static IReadOnlyList<ManifestDocument> MailServers(string path) => ManifestReader.ReadFile(path).Documents;

    private static EvaluationResults Evaluate(JsonElement document) =>
        Schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static IEnumerable<EvaluationResults> Failures(EvaluationResults result) =>
        (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 });

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", Failures(result).Select(detail => $"{detail.InstanceLocation}: {string.Join(", ", detail.Errors!.Values)}"));
}
