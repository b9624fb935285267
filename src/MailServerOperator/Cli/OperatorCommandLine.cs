using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>The verbs of the one executable.</summary>
internal static class OperatorCommandLine
{
    /// <summary>The exit code for a command line that cannot be parsed (as for the shell's own usage errors).</summary>
    public const int UsageExitCode = 2;

    public static RootCommand Build() => CommandLineConventions.Apply(
        new("MailServer operator: validates, verifies and orders MailServer resources (mailshare.io/v1alpha1).")
        {
            RunCommand.Create(),
            CrdCommand.Create(),
            ValidateCommand.Create(),
            ProbeCommand.Create(),
            DiscoverCommand.Create(),
            SchemaCommand.Create(),
        });

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that cannot be run prints one line per problem, saying what
    /// is allowed, and exits with <see cref="UsageExitCode"/> without running anything.
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parseResult = Build().Parse(args);
        if (UsageErrors.Of(parseResult) is { Count: > 0 } problems && parseResult.Action is not ConventionalHelpAction)
        {
            var error = configuration?.Error ?? Console.Error;
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem);
            }

            return UsageExitCode;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
