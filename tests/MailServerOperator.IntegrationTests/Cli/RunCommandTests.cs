using System.Net;
using k8s;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Cli;

/// <summary><c>mailserver-operator run</c> as a user starts it: health endpoints, the webhook's certificate, reconciling, a clean exit on shutdown.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_AgainstControlPlane_ServesHealthAndMetricsReconcilesAndExitsCleanly()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("run");
        var servers = new MailServers(plane.Client, ns);
        var health = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var run = Task.Run(() => OperatorCommandLine.InvokeAsync(
            [
                "run", "--kubeconfig", plane.OperatorKubeconfigPath, "--namespace", ns, "--leader-elect=false", "--disable-verification",
                "--health-probe-bind-address", health, "--operator-username", ControlPlane.OperatorUserName,
                "--webhook-bind-address", $"https://127.0.0.1:{LoopbackPorts.Free()}", "--webhook-service-namespace", ns, "--webhook-configuration-name", "mailserver-operator-" + ns,
            ],
            cancellationToken: stop.Token));

        await Eventually.SucceedsAsync("/readyz", TimeSpan.FromSeconds(30), async () =>
        {
            using var response = await http.GetAsync(new Uri(health + "/readyz"));
            return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
        });
        Assert.Equal("ok: leading", await http.GetStringAsync(new Uri(health + "/readyz")));
        Assert.Equal("ok", await http.GetStringAsync(new Uri(health + "/healthz")));
        Assert.Equal("kubernetes.io/tls", (await plane.Client.CoreV1.ReadNamespacedSecretAsync("mailserver-operator-webhook-tls", ns)).Type); // ready means serving

        await servers.CreateAsync(MailServers.Pop3("isp", 1));
        await Eventually.SucceedsAsync("positions", TimeSpan.FromSeconds(15), () => servers.PositionsAreAsync(("gmail", 1), ("exchange-online", 2), ("isp", 3)));
        await Eventually.SucceedsAsync("/metrics with the operator's series", TimeSpan.FromSeconds(15), async () =>
        {
            var metrics = await http.GetStringAsync(new Uri(health + "/metrics"));
            return metrics.Contains("mailserver_operator_status_writes_total", StringComparison.Ordinal) &&
                metrics.Contains("mailserver_operator_reconcile_duration_seconds_bucket", StringComparison.Ordinal)
                ? null
                : "series missing";
        });

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
