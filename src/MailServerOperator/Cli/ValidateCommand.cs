using System.CommandLine;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>
/// <c>validate PATH...</c>: checks MailServer manifests offline, for the CI of a GitOps repository, with the same validator
/// as the admission webhook. Exit 0 when every MailServer is valid (warnings allowed), 1 when any has an error or a document
/// is malformed, 2 for usage errors or unreadable paths.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories to check. Directories are searched recursively for *.yaml and *.yml, " +
                $"skipping hidden entries and paths listed in a {ManifestIgnoreFile.FileName} file; '-' reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = ChoiceOption.Create("--output", "-o", "Output format: text (one problem a line, then a summary) or json.", ValidateOutputFormat.Text);
        var allowPlaintext = new Option<bool>(PlaintextCredentialsRules.AllowFlag)
        {
            Description = "Accept probe credentials on servers reached with tls: None, as an operator run with the same flag does " +
                "(pass it only when the cluster's operator has it, so that both give the same verdict).",
        };
        var command = new Command(
            "validate",
            "Validate MailServer manifests offline, as the admission webhook would. Documents of other kinds are counted and ignored. " +
            "Exit codes: 0 all MailServers valid (warnings allowed), 1 errors found, 2 usage or I/O problems.")
        {
            paths,
            output,
            allowPlaintext,
        };
        command.SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            var options = new MailServerValidationOptions { AllowPlaintextCredentials = parseResult.GetValue(allowPlaintext) };
            return Run(parseResult.GetRequiredValue(paths), parseResult.GetValue(output), configuration.Output, configuration.Error, options);
        });
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, ValidateOutputFormat format, TextWriter output, TextWriter error, MailServerValidationOptions? options = null)
    {
        var result = ManifestValidation.Run(ManifestReader.Read(paths), options);
        if (format == ValidateOutputFormat.Json)
        {
            ValidateJsonReport.Write(result, output);
            foreach (var problem in result.Problems.Where(problem => problem.Kind == ManifestProblemKind.Unreadable))
            {
                error.WriteLine(problem.ToString());
            }
        }
        else
        {
            ValidateTextReport.Write(result, output, error);
        }

        return result.ExitCode;
    }
}
