using System.CommandLine;
using MailServerOperator.Hosting;
using MailServerOperator.Kubernetes;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Cli;

/// <summary><c>run</c>: the operator as a hosted service, with /healthz and /readyz.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig; default $KUBECONFIG, ~/.kube/config, or in-cluster." };
        var namespaces = new Option<string[]>("--namespace", "-n") { Description = "Namespace to manage (repeatable); default all namespaces.", AllowMultipleArgumentsPerToken = true };
        var workers = new Option<int>("--workers") { Description = "Concurrent reconciles.", DefaultValueFactory = _ => 4 };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Reconcile only while holding the leader Lease.", DefaultValueFactory = _ => true };
        var leaseNamespace = new Option<string?>("--lease-namespace") { Description = "Namespace of the leader Lease; default $POD_NAMESPACE or mailserver-operator-system." };
        var probeTimeout = DurationOption.Create("--probe-timeout", "Overall deadline of one mail-server probe", TimeSpan.FromSeconds(15));
        var probeConcurrency = new Option<int>("--max-concurrent-probes") { Description = "Probes running at once across all MailServers.", DefaultValueFactory = _ => 32 };
        var caBundle = new Option<string?>("--probe-ca-bundle") { Description = "PEM file of extra certificate authorities trusted for mail servers." };
        var noVerify = new Option<bool>("--disable-verification") { Description = "Do not probe mail servers; Ready then reflects validity alone." };
        var healthAddress = new Option<string>("--health-probe-bind-address") { Description = "Where /healthz and /readyz are served.", DefaultValueFactory = _ => "http://0.0.0.0:8081" };

        var command = new Command("run", "Run the operator against a cluster.") { kubeconfig, namespaces, workers, leaderElect, leaseNamespace, probeTimeout, probeConcurrency, caBundle, noVerify, healthAddress };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new OperatorOptions
            {
                Namespaces = parse.GetValue(namespaces) ?? [],
                Controller = { Workers = parse.GetValue(workers) },
                Verification =
                {
                    Enabled = !parse.GetValue(noVerify),
                    ProbeTimeout = parse.GetValue(probeTimeout),
                    MaxConcurrentProbes = parse.GetValue(probeConcurrency),
                    CaBundlePath = parse.GetValue(caBundle),
                },
                LeaderElection =
                {
                    Enabled = parse.GetValue(leaderElect),
                    LeaseNamespace = parse.GetValue(leaseNamespace) ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "mailserver-operator-system",
                },
            };
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(parse.GetValue(healthAddress)!);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Services.AddMailServerOperator(KubernetesClientFactory.Create(parse.GetValue(kubeconfig)), options);
            builder.Services.AddOpenTelemetry()
                .WithTracing(t => t.AddSource(OperatorTelemetry.Name))
                .WithMetrics(m => m.AddMeter(OperatorTelemetry.Name));
            var app = builder.Build();
            var health = app.Services.GetRequiredService<OperatorHealth>();
            app.MapGet("/healthz", () => health.Alive ? Results.Text("ok") : Results.StatusCode(500));
            app.MapGet("/readyz", () => health.Synced ? Results.Text(health.Leading ? "ok: leading" : "ok: standing by") : Results.StatusCode(503));
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
