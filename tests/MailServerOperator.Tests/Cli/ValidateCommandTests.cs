using System.CommandLine;
using System.Text.Json;
using MailServerOperator.Cli;

namespace MailServerOperator.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    internal const string ValidMailServer = """
        apiVersion: mailshare.io/v1alpha1
        kind: MailServer
        metadata:
          name: example-isp
          namespace: mail-share
        spec:
          displayName: Example ISP
          incoming:
            protocol: POP3
            host: pop.example.jp
          outgoing:
            host: smtp.example.jp
        """;

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Validate_ValidMailServer_ExitsZeroWithSummary()
    {
        var path = directory.Write("valid.yaml", ValidMailServer);

        var (exitCode, output, error) = await RunAsync("validate", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("1 MailServer checked: 1 valid, 0 invalid, 0 warnings; 0 other documents ignored", output.TrimEnd());
        Assert.Empty(error);
    }

    [Fact]
    public async Task Validate_InvalidMailServer_ExitsOneAndPrintsFileLineObjectFieldMessage()
    {
        var path = directory.Write("invalid.yaml", ValidMailServer.Replace("host: pop.example.jp", "host: pop.example.jp\n    port: 70000", StringComparison.Ordinal));

        var (exitCode, output, _) = await RunAsync("validate", path);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                $"{path}:11: mail-share/example-isp: spec.incoming.port: must be between 1 and 65535 (not 70000)",
                "1 MailServer checked: 0 valid, 1 invalid, 0 warnings; 0 other documents ignored",
            ],
            Lines(output));
    }

    [Fact]
    public async Task Validate_Warning_IsPrintedAsWarningAndExitsZero()
    {
        var path = directory.Write("warning.yaml", ValidMailServer.Replace("protocol: POP3", "protocol: IMAP4", StringComparison.Ordinal));

        var (exitCode, output, _) = await RunAsync("validate", path);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                $"{path}:8: warning: mail-share/example-isp: spec.incoming.retention.leaveOnServer: every message in INBOX will be deleted from the server when it is received, read or unread",
                "1 MailServer checked: 1 valid, 0 invalid, 1 warning; 0 other documents ignored",
            ],
            Lines(output));
    }

    [Fact]
    public async Task Validate_DirectoryWithOtherKinds_CountsThemAndChecksOnlyMailServers()
    {
        directory.Write("a/valid.yaml", ValidMailServer + "\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
        directory.Write("b/kustomization.yml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../a]\n");
        directory.Write("c/other-mailserver.yaml", "apiVersion: example.com/v1\nkind: MailServer\nmetadata: {name: theirs}\n");

        var (exitCode, output, _) = await RunAsync("validate", directory.Path);

        Assert.Equal(0, exitCode);
        Assert.Equal("1 MailServer checked: 1 valid, 0 invalid, 0 warnings; 3 other documents ignored", output.TrimEnd());
    }

    [Theory]
    [InlineData("apiVersion: mailshare.io/v1\nkind: MailServer\nmetadata: {name: a}\n", "apiVersion: must be mailshare.io/v1alpha1")]
    [InlineData("kind: Mailserver\napiVersion: mailshare.io/v1alpha1\nmetadata: {name: a}\n", "kind: must be MailServer")]
    [InlineData("kind: MailServer\nmetadata: {name: a}\n", "apiVersion: required")]
    public async Task Validate_MisspeltMailServer_IsReportedNotIgnored(string yaml, string message)
    {
        var path = directory.Write("misspelt.yaml", yaml);

        var (exitCode, output, _) = await RunAsync("validate", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{path}:1: a: {message}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MalformedYaml_ExitsOneWithFileAndLine()
    {
        var path = directory.Write("broken.yaml", "kind: A\nspec:\n  port: 1\n  port: 2\n---\nkind: [B\n");

        var (exitCode, output, error) = await RunAsync("validate", path);

        Assert.Equal(1, exitCode);
        var lines = Lines(output);
        Assert.Equal($"{path}:4: duplicate key \"port\" (first at line 3)", lines[0]);
        Assert.StartsWith($"{path}:7: malformed YAML: ", lines[1], StringComparison.Ordinal);
        Assert.Equal("0 MailServers checked: 0 valid, 0 invalid, 0 warnings; 0 other documents ignored; 2 malformed", lines[2]);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("- a\n- b\n", "found a list")]
    [InlineData("just text\n", "found the string \"just text\"")]
    public async Task Validate_DocumentOfWrongShape_ExitsOneWithClearMessage(string yaml, string message)
    {
        var path = directory.Write("shape.yaml", yaml);

        var (exitCode, output, _) = await RunAsync("validate", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{path}:1: expected a Kubernetes object (a mapping with apiVersion and kind), {message}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingPath_ExitsTwoWithMessageOnStandardError()
    {
        var valid = directory.Write("valid.yaml", ValidMailServer);
        var missing = directory.Combine("missing");

        var (exitCode, output, error) = await RunAsync("validate", valid, missing);

        Assert.Equal(2, exitCode);
        Assert.Equal($"{missing}: cannot read: no such file or directory", error.TrimEnd());
        Assert.EndsWith("; 1 unreadable", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "--output", "xml", ".")]
    [InlineData("validate", "--no-such-option", ".")]
    public async Task Validate_UsageError_ExitsTwo(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task Validate_JsonOutput_HasStableShape()
    {
        var valid = directory.Write("a.yaml", ValidMailServer.Replace("protocol: POP3", "protocol: IMAP4", StringComparison.Ordinal));
        var invalid = directory.Write("b.yaml", ValidMailServer.Replace("name: example-isp", "name: gmail", StringComparison.Ordinal) + "\n---\nkind: ConfigMap\n---\n- x\n");

        var (exitCode, output, _) = await RunAsync("validate", "--output", "json", valid, invalid);

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var summary = root.GetProperty("summary");
        Assert.Equal(
            (2, 1, 1, 1, 1, 1, 1, 0, 1),
            (summary.GetProperty("mailServers").GetInt32(), summary.GetProperty("valid").GetInt32(), summary.GetProperty("invalid").GetInt32(),
             summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32(), summary.GetProperty("otherDocuments").GetInt32(),
             summary.GetProperty("malformed").GetInt32(), summary.GetProperty("unreadable").GetInt32(), summary.GetProperty("exitCode").GetInt32()));

        var servers = root.GetProperty("mailServers").EnumerateArray().ToList();
        Assert.Equal([valid, invalid], servers.Select(server => server.GetProperty("file").GetString()));
        var broken = servers[1];
        Assert.Equal(("mail-share", "gmail", false, 1), (broken.GetProperty("namespace").GetString(), broken.GetProperty("name").GetString(), broken.GetProperty("valid").GetBoolean(), broken.GetProperty("line").GetInt32()));
        var issue = Assert.Single(broken.GetProperty("issues").EnumerateArray());
        Assert.Equal(("error", "metadata.name", 4), (issue.GetProperty("severity").GetString(), issue.GetProperty("field").GetString(), issue.GetProperty("line").GetInt32()));
        Assert.Contains("reserved", issue.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("warning", servers[0].GetProperty("issues")[0].GetProperty("severity").GetString());

        var problem = Assert.Single(root.GetProperty("problems").EnumerateArray());
        Assert.Equal(("malformed", invalid, 16), (problem.GetProperty("kind").GetString(), problem.GetProperty("file").GetString(), problem.GetProperty("line").GetInt32()));
    }

    [Fact]
    public async Task Validate_JsonOutputWithMissingPath_StillPrintsJsonAndExitsTwo()
    {
        var missing = directory.Combine("missing.yaml");

        var (exitCode, output, error) = await RunAsync("validate", "-o", "json", missing);

        Assert.Equal(2, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("unreadable", json.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString());
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SameOrderInOneNamespaceAcrossFiles_WarnsInBothNamingTheOtherFile()
    {
        var a = directory.Write("a.yaml", ValidMailServer.Replace("name: example-isp", "name: a", StringComparison.Ordinal).Replace("displayName: Example ISP", "displayName: A\n  order: 10", StringComparison.Ordinal));
        var b = directory.Write("b.yaml", ValidMailServer.Replace("name: example-isp", "name: b", StringComparison.Ordinal).Replace("displayName: Example ISP", "displayName: B\n  order: 10", StringComparison.Ordinal));
        var c = directory.Write("c.yaml", ValidMailServer.Replace("name: example-isp", "name: c", StringComparison.Ordinal).Replace("namespace: mail-share", "namespace: other", StringComparison.Ordinal).Replace("displayName: Example ISP", "displayName: C\n  order: 10", StringComparison.Ordinal));

        var (exitCode, output, _) = await RunAsync("validate", a, b, c);

        Assert.Equal(0, exitCode);
        var lines = Lines(output);
        Assert.Contains($"{a}:8: warning: mail-share/a: spec.order: order 10 is also the order of b ({b}:8) in this namespace: the tie is broken by creation time, which a commit cannot control; give each server its own order", lines);
        Assert.Contains(lines, line => line.StartsWith($"{b}:8: warning: mail-share/b: spec.order: order 10 is also the order of a ({a}:8)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith(c, StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
