using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>A command line that cannot be run, told in one line per problem that says what is allowed instead.</summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Of(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var lines = new List<string>();
        foreach (var token in parseResult.UnmatchedTokens)
        {
            lines.Add(CommandLineConventions.LooksLikeOption(token) || command.Subcommands.Count == 0
                ? UnknownOption(command, token)
                : $"unknown command '{token}'; commands: {Commands(command)}");
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            // No verb (or an unknown one, said above): the framework's "Required command was not provided" says less.
            if (lines.Count == 0)
            {
                lines.Add($"a command is required: {Commands(command)} (see --help)");
            }
        }
        else
        {
            // The framework's own line for an unmatched token ("Unrecognized command or argument") is replaced by the one above.
            lines.AddRange(parseResult.Errors.Select(error => error.Message)
                .Where(message => !parseResult.UnmatchedTokens.Any(token => message.Contains($"'{token}'", StringComparison.Ordinal)))
                .Distinct(StringComparer.Ordinal));
        }
        return [.. lines.Select(line => $"{CommandPath(command)}: {line}")];
    }

    public static string UnknownOption(Command command, string token)
    {
        var guess = CommandLineConventions.DidYouMean(command, token);
        var hint = guess is null ? "" : $" (did you mean {guess}?)";
        return CommandLineConventions.LooksLikeOption(token)
            ? $"unknown option '{token}'{hint}; allowed: {string.Join(", ", CommandLineConventions.Allowed(command))}"
            : $"unexpected argument '{token}'; allowed: {string.Join(", ", CommandLineConventions.Allowed(command))}";
    }

    private static string Commands(Command command) => string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    private static string CommandPath(Command command) =>
        string.Join(' ', command.Parents.OfType<Command>().Reverse().Select(parent => parent is RootCommand ? "mailserver-operator" : parent.Name)
            .Append(command is RootCommand ? "mailserver-operator" : command.Name));
}
