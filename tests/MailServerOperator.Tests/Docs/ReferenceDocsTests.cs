using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using MailServerOperator.Cli;
using MailServerOperator.Probing;
using MailServerOperator.Status;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Tests.Docs;

/// <summary>The reference pages list what the code has, read from the code, so a reason, option or metric added later must be documented.</summary>
public sealed partial class ReferenceDocsTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Join(RepositoryRoot.Path, "docs", name));

    public static TheoryData<string> ConditionReasons()
    {
        var reasons = typeof(StatusBuilder).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.StartsWith("Reason", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(Enum.GetNames<ProbeReason>());
        return [.. reasons.Distinct().Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(ConditionReasons))]
    public void Troubleshooting_EveryConditionReason_HasAnEntry(string reason) =>
        Assert.Contains($"\n### {reason}\n", Doc("troubleshooting.md"), StringComparison.Ordinal);

    [Fact]
    public void Configuration_RunOptions_AreExactlyTheTableRows()
    {
        var run = OperatorCommandLine.Build().Subcommands.Single(c => c.Name == "run");
        var documented = OptionRow().Matches(Doc("configuration.md")).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(run.Options.Select(o => o.Name).Where(n => n != "--help").Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metrics_EveryInstrument_IsInTheReference()
    {
        var instruments = typeof(OperatorTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<Instrument>().Select(i => i.Name).ToList();
        Assert.NotEmpty(instruments);
        var doc = Doc("configuration.md");

        Assert.All(instruments, name => Assert.Contains($"| `{name}` |", doc, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\| `(?<name>--[a-z-]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex OptionRow();
}
