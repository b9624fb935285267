using System.CommandLine;
using System.Net;

namespace MailServerOperator.Cli;

/// <summary>A repeatable option of networks in CIDR notation (10.0.0.0/8, fd00::/8); a bare address is a network of one.</summary>
internal static class NetworkOption
{
    public static Option<IPNetwork[]> Create(string name, string description) => new(name)
    {
        Description = description + ".",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => [],
        CustomParser = result =>
        {
            var networks = new List<IPNetwork>();
            foreach (var token in result.Tokens)
            {
                if (TryParse(token.Value, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    result.AddError($"{name}: '{token.Value}' is not a network in CIDR notation such as 10.0.0.0/8 or fd00::/8");
                }
            }

            return [.. networks];
        },
    };

    public static bool TryParse(string text, out IPNetwork network)
    {
        var cidr = text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
        return IPNetwork.TryParse(cidr, out network);
    }
}
