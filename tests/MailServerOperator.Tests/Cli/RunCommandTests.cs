using System.CommandLine;
using MailServerOperator.Cli;

namespace MailServerOperator.Tests.Cli;

/// <summary><c>run</c>'s failures that need no cluster: each is one line on stderr and a non-zero exit, never a stack trace.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("--no-such-option", "mailserver-operator run: unknown option '--no-such-option'; allowed: --kubeconfig, --namespace (-n), --workers, --leader-elect, --lease-namespace, --probe-timeout, --max-concurrent-probes, --ca-bundle, --probe-allow-network, --allow-plaintext-credentials, --disable-verification, --health-probe-bind-address, --disable-webhook, --webhook-bind-address, --webhook-service-name, --webhook-service-namespace, --webhook-configuration-name, --webhook-secret-name, --webhook-cert-dir, --operator-username, --cache-sync-timeout, --help (-h)")]
    [InlineData("--workers", "mailserver-operator run: Required argument missing for option: '--workers'.")]
    [InlineData("--cache-sync-timeout=0s", "mailserver-operator run: --cache-sync-timeout: '0s' is not a positive duration such as 15s or 2m")]
    public async Task Run_BadCommandLine_OneLineAndUsageExit(string argument, string line)
    {
        var (exitCode, output, error) = await RunAsync("run", argument);

        Assert.Equal(OperatorCommandLine.UsageExitCode, exitCode);
        Assert.Equal([line], Lines(error));
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n", "is empty")]
    [InlineData("apiVersion: v1\nkind: Config\n", ": Cannot infer server host url either from context or masterUrl")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\ncurrent-context: nope\n", ": ")]
    [InlineData("{{{", ": ")]
    public async Task Run_UnusableKubeconfig_OneLineNamingTheFile(string content, string reason)
    {
        var path = directory.Write("kubeconfig", content);

        var (exitCode, _, error) = await RunAsync("run", "--kubeconfig", path, "--disable-webhook");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("run: ", line, StringComparison.Ordinal);
        Assert.Contains($"kubeconfig {path} (--kubeconfig)", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingKubeconfig_SaysSoAndHowToGiveOne()
    {
        var path = directory.Combine("absent");

        var (exitCode, _, error) = await RunAsync("run", "--kubeconfig", path, "--disable-webhook");

        Assert.Equal(1, exitCode);
        Assert.Equal([$"run: kubeconfig {path} (--kubeconfig) does not exist; pass --kubeconfig, set $KUBECONFIG, or run in a cluster"], Lines(error));
    }

    [Fact]
    public async Task Run_BadHealthAddress_OneLineAndUsageExit()
    {
        var path = directory.Write("kubeconfig", "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n" +
            "users: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n");

        var (exitCode, _, error) = await RunAsync("run", "--kubeconfig", path, "--disable-webhook", "--health-probe-bind-address", "nowhere");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("run: \"nowhere\" is not a listen address", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
