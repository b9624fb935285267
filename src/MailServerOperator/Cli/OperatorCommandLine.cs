using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>The verbs of the one executable.</summary>
internal static class OperatorCommandLine
{
    /// <summary>The exit code for a command line that cannot be parsed (as for the shell's own usage errors).</summary>
    public const int UsageExitCode = 2;

    public static RootCommand Build() =>
        new("MailServer operator: validates, verifies and orders MailServer resources (mailshare.io/v1alpha1).")
        {
            RunCommand.Create(),
            CrdCommand.Create(),
            ValidateCommand.Create(),
            ProbeCommand.Create(),
            DiscoverCommand.Create(),
        };

    /// <summary>
    /// Parses and runs <paramref name="args"/>; a usage error prints one line per error (not the whole help) and exits
    /// with <see cref="UsageExitCode"/>.
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var error = configuration?.Error ?? Console.Error;
            var command = string.Join(' ', parseResult.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1).Select(c => c.Name).Append(parseResult.CommandResult.Command.Name));
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"{command}: {parseError.Message.TrimEnd('.')} (see --help)");
            }

            return UsageExitCode;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
