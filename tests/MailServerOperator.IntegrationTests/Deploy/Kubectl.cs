using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The kubectl on PATH (Debian 12's kubernetes-client, 1.20, on CI), or the one <c>$KUBECTL</c> names, so the same tests
/// can check another client's embedded kustomize.
/// </summary>
internal static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string FileName => Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    public static Task<CommandResult> RunAsync(string? kubeconfig, IEnumerable<string> arguments, string? standardInput = null) =>
        ExternalCommand.RunAsync(
            FileName,
            kubeconfig is null ? arguments : arguments.Prepend(kubeconfig).Prepend("--kubeconfig"),
            Timeout,
            standardInput: standardInput);
}
