using System.CommandLine;
using MailServerOperator.Cli;

namespace MailServerOperator.Tests.Cli;

public sealed class CommandLineConventionsTests
{
    [Theory]
    [InlineData("validate --ouput json x.yaml", "mailserver-operator validate: unknown option '--ouput' (did you mean --output?); allowed: --output (-o), --allow-plaintext-credentials, --help (-h)")]
    [InlineData("validate --output yaml x.yaml", "mailserver-operator validate: --output: 'yaml' is not allowed: text or json")]
    [InlineData("validate -o 1 x.yaml", "mailserver-operator validate: --output: '1' is not allowed: text or json")]
    [InlineData("run --workers abc", "mailserver-operator run: --workers: 'abc' is not allowed: a whole number of at least 1")]
    [InlineData("run --probe-timeout 5", "mailserver-operator run: --probe-timeout: '5' is not a positive duration such as 15s or 2m")]
    [InlineData("probe --timeot 5s x.yaml", "mailserver-operator probe: unknown option '--timeot' (did you mean --timeout?); allowed: --timeout, --ca-bundle, --help (-h)")]
    [InlineData("frobnicate", "mailserver-operator: unknown command 'frobnicate'; commands: run, crd, validate, probe, discover, schema")]
    [InlineData("", "mailserver-operator: a command is required: run, crd, validate, probe, discover, schema (see --help)")]
    public async Task Invoke_UsageError_PrintsOneLineSayingWhatIsAllowedAndExitsTwo(string commandLine, string expected)
    {
        var (exitCode, output, error) = await RunAsync(commandLine);

        Assert.Equal(OperatorCommandLine.UsageExitCode, exitCode);
        Assert.Equal(expected, error.TrimEnd());
        Assert.Empty(output);
    }

    [Fact]
    public async Task Invoke_UnknownOptionOfRun_ListsEveryRunOptionAndNothingRuns()
    {
        var (exitCode, _, error) = await RunAsync("run --bogus --kubeconfig /nonexistent");

        Assert.Equal(OperatorCommandLine.UsageExitCode, exitCode);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        var run = OperatorCommandLine.Build().Subcommands.Single(c => c.Name == "run");
        Assert.All(run.Options.Where(o => o.Name != "--help"), option => Assert.Contains(option.Name, line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("run --help", "[default: 15s]", "00:00:15")]
    [InlineData("probe --help", "[default: 15s]", "00:00:15")]
    [InlineData("validate --help", "-o, --output <text|json>", "ValidateOutputFormat")]
    [InlineData("validate --help", "[default: text]", "[default: Text]")]
    public async Task Invoke_Help_WritesValuesAsTheyAreTyped(string commandLine, string expected, string absent)
    {
        var (exitCode, output, _) = await RunAsync(commandLine);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("probe")]
    public void Parse_CaBundle_IsOneNameForEveryVerbThatChecksCertificates(string verb)
    {
        var parse = OperatorCommandLine.Build().Parse([verb, "--ca-bundle", "/etc/ca.pem", .. verb == "probe" ? new[] { "x.yaml" } : []]);

        Assert.Empty(parse.Errors);
        Assert.Equal("/etc/ca.pem", parse.GetValue<string>(CaBundleOption.Name));
    }

    [Fact]
    public void Parse_ValidateFormat_IsCaseInsensitive()
    {
        var parse = OperatorCommandLine.Build().Parse(["validate", "-o", "JSON", "x.yaml"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(ValidateOutputFormat.Json, parse.GetValue<ValidateOutputFormat>("--output"));
    }

    [Theory]
    [InlineData(15, "15s")]
    [InlineData(90, "1m30s")]
    [InlineData(5400, "1h30m")]
    [InlineData(0.5, "500ms")]
    public void Format_Duration_IsWrittenAsTheOptionTakesIt(double seconds, string expected) =>
        Assert.Equal(expected, DurationOption.Format(TimeSpan.FromSeconds(seconds)));

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string commandLine)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var exitCode = await OperatorCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
