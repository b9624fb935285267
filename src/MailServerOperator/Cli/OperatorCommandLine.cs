using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>The verbs of the one executable.</summary>
internal static class OperatorCommandLine
{
    public static RootCommand Build() =>
        new("MailServer operator: validates, verifies and orders MailServer resources (mailshare.io/v1alpha1).")
        {
            RunCommand.Create(),
            CrdCommand.Create(),
        };
}
