using System.CommandLine;
using MailServerOperator.Api;

namespace MailServerOperator.Cli;

/// <summary><c>crd</c>: prints the CustomResourceDefinition this build was made with.</summary>
internal static class CrdCommand
{
    public static Command Create()
    {
        var command = new Command("crd", "Print the MailServer CustomResourceDefinition (YAML) that this build serves.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await Console.Out.WriteAsync(CrdResource.ReadYaml().AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }
}
