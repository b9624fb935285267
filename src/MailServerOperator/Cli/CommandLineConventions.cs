using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Cli;

/// <summary>
/// The manners every verb shares: an unknown option is never taken for a path, a bad value says which values are
/// allowed (never a .NET type name), and help shows defaults as they are written on the command line (<c>15s</c>, <c>text</c>).
/// </summary>
internal static class CommandLineConventions
{
    public static RootCommand Apply(RootCommand root)
    {
        foreach (var command in Commands(root))
        {
            foreach (var argument in command.Arguments)
            {
                argument.Validators.Add(result => RefuseOptionLikeTokens(result, command));
            }

            foreach (var option in command.Options)
            {
                switch (option)
                {
                    case Option<int> number when number.CustomParser is null:
                        number.CustomParser = result => ParseInteger(result, option.Name);
                        break;
                    case Option<bool> flag when flag.CustomParser is null:
                        flag.CustomParser = result => ParseBoolean(result, option.Name);
                        break;
                }
            }
        }

        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } helpOption)
        {
            var defaults = Commands(root).SelectMany(command => command.Options)
                .Where(option => option.HasDefaultValue && option.GetDefaultValue() is TimeSpan or Enum)
                .Select(option => option.GetDefaultValue()!)
                .Distinct()
                .ToDictionary(value => $"[default: {value}]", value => $"[default: {Display(value)}]", StringComparer.Ordinal);
            helpOption.Action = new ConventionalHelpAction(help, defaults);
        }

        return root;
    }

    /// <summary>Every option of <paramref name="command"/> as written, with its aliases: <c>--output (-o)</c>.</summary>
    public static IEnumerable<string> Allowed(Command command) =>
        command.Options.Concat(Recursive(command)).Distinct()
            .Select(option => Written(option.Aliases) is { Count: > 0 } aliases ? $"{option.Name} ({string.Join(", ", aliases)})" : option.Name);

    /// <summary>The option <paramref name="token"/> was probably meant to be, if any.</summary>
    public static string? DidYouMean(Command command, string token) =>
        ClosestName.Find(token.Split('=')[0], command.Options.Concat(Recursive(command)).SelectMany(option => option.Aliases.Prepend(option.Name)));

    public static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !double.TryParse(token, CultureInfo.InvariantCulture, out _);

    // Help's "-?", "/?" and "/h" are Windows habits nobody needs to be told about.
    private static List<string> Written(IEnumerable<string> aliases) =>
        [.. aliases.Where(alias => alias.StartsWith('-') && alias != "-?").Order(StringComparer.Ordinal)];

    public static IEnumerable<Command> Commands(Command command) => command.Subcommands.SelectMany(Commands).Prepend(command);

    private static IEnumerable<Option> Recursive(Command command) =>
        command.Parents.OfType<Command>().SelectMany(parent => parent.Options.Where(option => option.Recursive));

    private static void RefuseOptionLikeTokens(ArgumentResult result, Command command)
    {
        foreach (var token in result.Tokens.Where(token => LooksLikeOption(token.Value)))
        {
            result.AddError(UsageErrors.UnknownOption(command, token.Value));
        }
    }

    private static int ParseInteger(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not allowed: a whole number of at least 1");
        return 0;
    }

    private static bool ParseBoolean(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return true; // --leader-elect alone
        }

        var text = result.Tokens[0].Value;
        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not allowed: true or false (--{name.TrimStart('-')}=false)");
        return false;
    }

    private static string Display(object value) => value switch
    {
        TimeSpan duration => DurationOption.Format(duration),
        _ => value.ToString()!.ToLowerInvariant(),
    };
}
