using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>An option whose values are an enum's members, written in lower case (<c>--output json</c>).</summary>
internal static class ChoiceOption
{
    public static Option<TEnum> Create<TEnum>(string name, string alias, string description, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        var allowed = Enum.GetNames<TEnum>().Select(value => value.ToLowerInvariant()).ToList();
        var option = new Option<TEnum>(name, alias)
        {
            Description = description,
            HelpName = string.Join('|', allowed),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
                {
                    return value;
                }

                result.AddError($"{name}: '{text}' is not allowed: {string.Join(" or ", allowed)}");
                return defaultValue;
            },
        };
        option.CompletionSources.Add(allowed.ToArray());
        return option;
    }
}
