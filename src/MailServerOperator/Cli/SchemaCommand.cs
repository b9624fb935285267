using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary><c>schema</c>: prints a JSON Schema of MailServer manifests, derived from the CRD, for editors.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command(
            "schema",
            "Print a JSON Schema (draft-07) of MailServer manifests, derived from the CRD, for yaml-language-server and VS Code: " +
            $"unknown fields are refused. The repository carries it as crds/{MailServerJsonSchema.FileName}.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await parseResult.InvocationConfiguration.Output.WriteAsync(MailServerJsonSchema.Generate().AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }
}
