using System.CommandLine;
using MailServerOperator.Discovery;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;

namespace MailServerOperator.Cli;

/// <summary>
/// <c>probe PATH...</c>: verifies the MailServers in manifest files for real, without a cluster. Probe credentials come
/// from a Secret of the referenced name in the same files. Exit 0 when every server was verified, 1 otherwise (or when
/// probing itself failed), 2 for usage or I/O problems.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or directories of MailServer manifests (and the Secrets they reference).", Arity = ArgumentArity.OneOrMore };
        var timeout = DurationOption.Create("--timeout", "Overall deadline of each probe", TimeSpan.FromSeconds(15));
        var caBundle = CaBundleOption.Create();
        var command = new Command("probe", "Verify the mail servers of MailServer manifests for real, without a cluster, and print a table. " +
            "Exit codes: 0 all verified, 1 any not verified or invalid, 2 usage or I/O problems.")
        {
            paths,
            timeout,
            caBundle,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var prober = new MailServerProber(new ProbeOptions { Timeout = parseResult.GetValue(timeout), CaBundlePath = parseResult.GetValue(caBundle) }, TimeProvider.System);
            return await RunAsync(parseResult.GetRequiredValue(paths), prober, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Probes the MailServers of <paramref name="paths"/> and prints the table. An exception from the prober is a bug in
    /// this program, not a finding about a server: one line on <paramref name="error"/> says what failed, never a stack.
    /// </summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> paths, IMailServerProber prober, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var files = ManifestReader.Read(paths);
        if (files.SelectMany(f => f.Problems).FirstOrDefault(p => p.Kind == ManifestProblemKind.Unreadable) is { } unreadable)
        {
            await error.WriteLineAsync(unreadable.ToString());
            return ValidateResult.ExitUsageOrIo;
        }

        IReadOnlyList<ProbeRow> rows;
        try
        {
            rows = await ManifestProbe.RunAsync(files, prober, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"probe: failed: {e.GetType().Name}: {MailAddress.Printable(e.Message)} (a bug in mailserver-operator, not a finding about the servers)");
            return ValidateResult.ExitInvalid;
        }

        ProbeTable.Write(rows, output);
        return rows.Count > 0 && rows.All(r => r.Verified) ? ValidateResult.ExitValid : ValidateResult.ExitInvalid;
    }
}
