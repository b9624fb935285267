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

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit with <see cref="UsageExitCode"/>.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parseResult = Build().Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Errors.Count > 0 ? UsageExitCode : exitCode;
    }
}
