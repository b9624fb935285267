using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MailServerOperator.Cli;

/// <summary>The standard help, with defaults written as the options take them (<c>[default: 15s]</c>, not <c>00:00:15</c>).</summary>
internal sealed class ConventionalHelpAction(HelpAction standard, IReadOnlyDictionary<string, string> defaults) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var buffer = new StringWriter();
        configuration.Output = buffer;
        try
        {
            standard.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        var text = buffer.ToString();
        foreach (var (raw, written) in defaults)
        {
            text = text.Replace(raw, written, StringComparison.Ordinal);
        }

        output.Write(text);
        return 0;
    }
}
