using System.Text.Json;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Deploy;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;

namespace MailServerOperator.IntegrationTests.Manifests;

/// <summary>
/// <c>validate</c> reads a file as <c>kubectl apply</c> and the API server do (YAML 1.1 plain scalars): the same value is
/// stored as validate checked, or both refuse, and validate warns wherever YAML 1.2 would read the text otherwise.
/// </summary>
public sealed class Yaml11AgreementTests
{
    [Theory]
    [InlineData("apop", "yes", "true", true)]
    [InlineData("apop", "off", "false", true)]
    [InlineData("apop", "Y", "true", true)]
    [InlineData("apop", "true", "true", false)]
    [InlineData("order", "010", "8", true)]
    [InlineData("order", "1_0", "10", true)]
    [InlineData("order", "0b11", "3", true)]
    [InlineData("order", "10", "10", false)]
    [InlineData("displayName", "\"on\"", "\"on\"", false)]
    public async Task KubectlAndValidate_PlainScalar_StoreWhatValidateReadAndWarnWhereYaml12Differs(string field, string written, string storedJson, bool warned)
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("yaml11");
        var yaml = Manifest(ns, field, written);

        var stored = await DryRunCreateAsync(plane, yaml);
        var validated = Validate(yaml);

        Assert.Equal(0, stored.ExitCode);
        var server = JsonDocument.Parse(stored.StandardOutput).RootElement;
        Assert.Equal(storedJson, Field(server, field).GetRawText());
        Assert.Equal(storedJson, Field(validated.Document.Content, field).GetRawText());
        Assert.False(validated.Report.HasErrors, string.Join("; ", validated.Report.Errors));
        Assert.Equal(warned, validated.Report.Warnings.Any(w => w.Field == FieldOf(field) && w.Message.Contains("YAML 1.1", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("displayName", "on")]
    [InlineData("displayName", "no")]
    public async Task KubectlAndValidate_Yaml11BooleanForAString_BothRefuseTheField(string field, string written)
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("yaml11");
        var yaml = Manifest(ns, field, written);

        var stored = await DryRunCreateAsync(plane, yaml);
        var validated = Validate(yaml);

        Assert.NotEqual(0, stored.ExitCode);
        Assert.Contains("spec." + field, stored.StandardError, StringComparison.Ordinal);
        Assert.Contains(validated.Report.Errors, e => e.Field == FieldOf(field));
        Assert.Contains(validated.Report.Warnings, w => w.Field == FieldOf(field) && w.Message.Contains($"\"{written}\" in quotes", StringComparison.Ordinal));
    }

    private static string FieldOf(string field) => field == "apop" ? "spec.incoming.apop" : "spec." + field;

    private static JsonElement Field(JsonElement root, string field)
    {
        var spec = root.GetProperty("spec");
        return field == "apop" ? spec.GetProperty("incoming").GetProperty("apop") : spec.GetProperty(field);
    }

    private static string Manifest(string ns, string field, string written)
    {
        var displayName = field == "displayName" ? written : "Example ISP";
        var order = field == "order" ? $"\n  order: {written}" : "";
        var apop = field == "apop" ? $"\n    apop: {written}" : "";
        return $"""
            apiVersion: mailshare.io/v1alpha1
            kind: MailServer
            metadata:
              name: example-isp
              namespace: {ns}
            spec:
              displayName: {displayName}{order}
              incoming:
                protocol: POP3
                host: pop.example.jp{apop}
              outgoing:
                host: smtp.example.jp
            """;
    }

    private static ValidatedMailServer Validate(string yaml)
    {
        var result = ManifestValidation.Run([ManifestReader.ReadText("test.yaml", yaml)]);
        return Assert.Single(Assert.Single(result.Files).MailServers);
    }

    private static Task<CommandResult> DryRunCreateAsync(ControlPlane plane, string yaml) =>
        Kubectl.RunAsync(plane.KubeconfigPath, ["create", "--dry-run=server", "-o", "json", "-f", "-"], standardInput: yaml);
}
