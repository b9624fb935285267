using System.CommandLine;
using System.Text.Json;
using MailServerOperator.Api;
using MailServerOperator.Cli;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Examples;

/// <summary>Every example is run through the validator, so the examples and the rules can never disagree.</summary>
public sealed class ExamplesTests
{
    private static readonly string ExamplesPath = Path.Join(RepositoryRoot.Path, "examples");
    private static readonly string InvalidPath = Path.Join(ExamplesPath, "invalid");

    public static TheoryData<string> ValidExampleFiles => [.. ManifestFileFinder.Find(ExamplesPath).Files.Select(path => Path.GetFileName(path))];

    public static TheoryData<string> InvalidExampleFiles => [.. Directory.GetFiles(InvalidPath, "*.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    /// <summary>The schema checks of <c># expect-schema:</c> apply once the real CRD (not the scaffold's placeholder) is embedded.</summary>
    private static bool SchemaValidatorPresent => !CrdResource.ReadYaml().StartsWith("# placeholder", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(ValidExampleFiles))]
    public void ValidExample_EveryMailServer_HasNoErrorAndOnlyTheWarningsItAnnounces(string fileName)
    {
        var path = Path.Join(ExamplesPath, fileName);
        var file = ManifestReader.ReadFile(path);
        Assert.Empty(file.Problems);
        var expected = ExampleExpectation.Read(path);
        Assert.All(expected, expectation => Assert.Equal(ExampleExpectation.Warning, expectation.Kind));

        var reports = file.Documents.Where(ManifestValidation.IsMailServer).Select(document => MailServerValidator.Validate(document.Content)).ToList();

        Assert.All(reports, report => Assert.Empty(report.Errors));
        var warnings = reports.SelectMany(report => report.Warnings).ToList();
        Assert.Equal(expected.Count, warnings.Count);
        Assert.All(expected, expectation => Assert.Contains(warnings, warning => Matches(warning, expectation)));
    }

    [Theory]
    [MemberData(nameof(InvalidExampleFiles))]
    public void InvalidExample_FailsWithExactlyTheErrorsItAnnounces(string fileName)
    {
        var path = Path.Join(InvalidPath, fileName);
        var file = ManifestReader.ReadFile(path);
        Assert.Empty(file.Problems);
        var expected = ExampleExpectation.Read(path);
        var errors = expected.Where(expectation => expectation.Kind == ExampleExpectation.Error).ToList();
        var schemaErrors = expected.Where(expectation => expectation.Kind == ExampleExpectation.Schema).ToList();
        Assert.NotEmpty(errors);

        var report = MailServerValidator.Validate(Assert.Single(file.Documents).Content);

        Assert.All(errors, expectation => Assert.Contains(report.Errors, error => Matches(error, expectation)));
        var announcedFields = expected.Select(expectation => expectation.Field).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.Errors, error => Assert.Contains(error.Field, announcedFields));
        if (SchemaValidatorPresent)
        {
            Assert.All(schemaErrors, expectation => Assert.Contains(report.Errors, error => Matches(error, expectation)));
        }
    }

    [Fact]
    public async Task ValidateCommand_Examples_ExitsZero()
    {
        var (exitCode, output) = await ValidateAsync(ExamplesPath);

        Assert.True(exitCode == 0, output);
        Assert.Contains("3 MailServers checked: 3 valid, 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateCommand_InvalidExamples_ExitsOneAndNamesTheFieldOfEveryBrokenRule()
    {
        var (exitCode, output) = await ValidateAsync(InvalidPath);

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n');
        foreach (var path in Directory.GetFiles(InvalidPath, "*.yaml"))
        {
            foreach (var expectation in ExampleExpectation.Read(path).Where(expectation => expectation.Kind == ExampleExpectation.Error))
            {
                Assert.Contains(lines, line =>
                    line.StartsWith(path + ":", StringComparison.Ordinal) &&
                    !line.Contains(": warning: ", StringComparison.Ordinal) &&
                    line.Contains($": {expectation.Field}: ", StringComparison.Ordinal));
            }
        }

        Assert.Contains($"{InvalidExampleFiles.Count} MailServers checked: 0 valid, {InvalidExampleFiles.Count} invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Kustomization_ListsEveryExampleManifest()
    {
        var kustomization = Assert.Single(ManifestReader.ReadFile(Path.Join(ExamplesPath, "kustomization.yaml")).Documents);
        var resources = kustomization.Content.GetProperty("resources").EnumerateArray().Select(resource => resource.GetString());

        var manifests = Directory.GetFiles(ExamplesPath, "*.yaml").Select(path => Path.GetFileName(path)).Where(name => name != "kustomization.yaml");

        Assert.Equal(manifests.Order(StringComparer.Ordinal), resources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Examples_ShowWhatPlatformTeamsNeed()
    {
        var documents = ManifestReader.Read([ExamplesPath]).SelectMany(file => file.Documents).ToList();
        var servers = documents.Where(ManifestValidation.IsMailServer)
            .Select(document => MailServerValidator.Validate(document.Content).Server ?? throw new InvalidOperationException(document.Source))
            .ToList();

        Assert.All(documents.Where(document => document.Kind != "Kustomization"), document => Assert.Equal("mail-share", document.Namespace ?? document.Name));
        Assert.Contains(documents, document => document.Kind == "Namespace" &&
            document.Content.GetProperty("metadata").GetProperty("labels").GetProperty("mailshare.io/managed").GetString() == "true");
        Assert.Contains(servers, server => server.Spec?.Incoming is { Protocol: IncomingProtocol.Pop3, Apop: true, Retention.DeleteAfterDays: > 0 });
        Assert.Contains(servers, server => server.Spec?.Incoming?.Protocol == IncomingProtocol.Imap4);
        Assert.Contains(servers, server => server.Spec?.Outgoing is { Tls: TlsMode.StartTls, Port: 587 } && server.Spec.Probe?.CredentialsSecretRef is not null);
    }

    [Fact]
    public void Examples_EveryProbeSecretReference_NamesASecretWithUsernameAndPassword()
    {
        var documents = ManifestReader.Read([ExamplesPath]).SelectMany(file => file.Documents).ToList();
        var references = documents.Where(ManifestValidation.IsMailServer)
            .Select(document => MailServerValidator.Validate(document.Content).Server?.Spec?.Probe?.CredentialsSecretRef?.Name)
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name =>
        {
            var secret = Assert.Single(documents, document => document.Kind == "Secret" && document.Name == name);
            var data = secret.Content.GetProperty("stringData");
            Assert.Equal(JsonValueKind.String, data.GetProperty("username").ValueKind);
            Assert.Equal(JsonValueKind.String, data.GetProperty("password").ValueKind);
        });
    }

    private static bool Matches(ValidationIssue issue, ExampleExpectation expectation) =>
        issue.Field == expectation.Field && issue.Message.Contains(expectation.Message, StringComparison.Ordinal);

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string path)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCommandLine.InvokeAsync(["validate", path], new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error);
    }
}
