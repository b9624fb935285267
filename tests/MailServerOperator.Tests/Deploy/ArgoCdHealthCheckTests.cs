using System.Text.Json;
using MailServerOperator.Manifests;

namespace MailServerOperator.Tests.Deploy;

/// <summary>deploy/argocd/health.lua against its test cases (health_test.yaml), through a real lua5.1.</summary>
public sealed class ArgoCdHealthCheckTests
{
    private static readonly string ArgoCdPath = Path.Join(RepositoryRoot.Path, "deploy", "argocd");
    private static readonly string ScriptPath = Path.Join(ArgoCdPath, "health.lua");

    public static TheoryData<string> TestCaseInputs => [.. ReadTestCases().Select(testCase => testCase.InputPath)];

    [Theory]
    [MemberData(nameof(TestCaseInputs))]
    public async Task HealthLua_TestCase_ReturnsTheExpectedStatusAndMessage(string inputPath)
    {
        var expected = ReadTestCases().Single(testCase => testCase.InputPath == inputPath);
        var document = Assert.Single(ReadDocuments(Path.Join(ArgoCdPath, inputPath)));

        var (status, message) = await ArgoCdHealthScript.EvaluateAsync(ScriptPath, document);

        Assert.Equal(expected.Status, status);
        Assert.Equal(expected.Message, message);
    }

    [Fact]
    public void HealthTest_EveryTestdataFile_IsACase()
    {
        var files = Directory.GetFiles(Path.Join(ArgoCdPath, "testdata"), "*.yaml")
            .Select(path => "testdata/" + Path.GetFileName(path))
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, ReadTestCases().Select(testCase => testCase.InputPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HealthTest_Cases_CoverEveryHealthStatusTheScriptReturns()
    {
        Assert.Equal(["Degraded", "Healthy", "Progressing"], ReadTestCases().Select(testCase => testCase.Status).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ArgoCdConfigMap_HealthKey_IsHealthLuaVerbatim()
    {
        var configMap = Assert.Single(ReadDocuments(Path.Join(ArgoCdPath, "argocd-cm.yaml")));

        var embedded = configMap.GetProperty("data").GetProperty("resource.customizations.health.mailshare.io_MailServer").GetString();

        Assert.Equal(File.ReadAllText(ScriptPath), embedded);
    }

    [Fact]
    public async Task Harness_StringLibrary_IsNotAvailableAsInArgoCd()
    {
        using var directory = new TemporaryDirectory();
        var script = directory.Write("uses-string.lua", """return { status = "Healthy", message = string.upper(obj.kind) }""");
        var method = directory.Write("uses-method.lua", """return { status = "Healthy", message = obj.kind:upper() }""");
        using var obj = JsonDocument.Parse("""{"kind":"MailServer"}""");

        var library = await Assert.ThrowsAsync<InvalidOperationException>(() => ArgoCdHealthScript.EvaluateAsync(script, obj.RootElement));
        var stringMethod = await Assert.ThrowsAsync<InvalidOperationException>(() => ArgoCdHealthScript.EvaluateAsync(method, obj.RootElement));

        Assert.Contains("attempt to index global 'string'", library.Message, StringComparison.Ordinal);
        Assert.Contains("attempt to index field 'kind' (a string value)", stringMethod.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> ReadDocuments(string path)
    {
        var file = ManifestReader.ReadFile(path);
        Assert.Empty(file.Problems);
        return file.Documents.Select(document => document.Content);
    }

    private static IReadOnlyList<(string InputPath, string Status, string Message)> ReadTestCases()
    {
        var root = ManifestReader.ReadFile(Path.Join(ArgoCdPath, "health_test.yaml")).Documents.Single().Content;
        return [.. root.GetProperty("tests").EnumerateArray().Select(testCase =>
        (
            testCase.GetProperty("inputPath").GetString()!,
            testCase.GetProperty("healthStatus").GetProperty("status").GetString()!,
            testCase.GetProperty("healthStatus").GetProperty("message").GetString()!))];
    }
}
