using System.CommandLine;
using MailServerOperator.Admission;
using MailServerOperator.Hosting;
using MailServerOperator.Kubernetes;
using MailServerOperator.Validation;
using Microsoft.AspNetCore.Connections;

namespace MailServerOperator.Cli;

/// <summary><c>run</c>: the operator as a hosted service, with /healthz and /readyz, and its admission webhook.</summary>
internal static partial class RunCommand
{
    public static Command Create()
    {
        var podNamespace = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "mailserver-operator-system";
        var defaults = new WebhookOptions();
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig; default $KUBECONFIG, ~/.kube/config, or in-cluster." };
        var namespaces = new Option<string[]>("--namespace", "-n") { Description = "Namespace to manage (repeatable); default all namespaces.", AllowMultipleArgumentsPerToken = true };
        var workers = new Option<int>("--workers") { Description = "Concurrent reconciles.", DefaultValueFactory = _ => 4 };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Reconcile only while holding the leader Lease.", DefaultValueFactory = _ => true };
        var leaseNamespace = new Option<string?>("--lease-namespace") { Description = "Namespace of the leader Lease; default $POD_NAMESPACE or mailserver-operator-system." };
        var probeTimeout = DurationOption.Create("--probe-timeout", "Overall deadline of one mail-server probe", TimeSpan.FromSeconds(15));
        var probeConcurrency = new Option<int>("--max-concurrent-probes") { Description = "Probes running at once across all MailServers.", DefaultValueFactory = _ => 32 };
        var caBundle = CaBundleOption.Create();
        var allowNetworks = NetworkOption.Create("--probe-allow-network", "A network probes may reach besides public addresses, in CIDR notation (repeatable), e.g. 10.20.0.0/16 for an on-premises mail network; loopback, link-local, private, shared, multicast and reserved addresses are refused otherwise");
        var allowPlaintext = new Option<bool>(PlaintextCredentialsRules.AllowFlag) { Description = "Accept probe credentials (spec.probe.credentialsSecretRef) on servers reached with tls: None; without it such a MailServer is invalid." };
        var noVerify = new Option<bool>("--disable-verification") { Description = "Do not probe mail servers; Ready then reflects validity alone." };
        var healthAddress = new Option<string>("--health-probe-bind-address") { Description = "Where /healthz and /readyz are served (plain HTTP).", DefaultValueFactory = _ => "http://0.0.0.0:8081" };
        var noWebhook = new Option<bool>("--disable-webhook") { Description = "Do not serve the admission webhook (the reconciler still reports invalid specs and restores the built-ins)." };
        var webhookAddress = new Option<string>("--webhook-bind-address") { Description = "Where the admission webhook is served (HTTPS).", DefaultValueFactory = _ => defaults.BindAddress };
        var serviceName = new Option<string>("--webhook-service-name") { Description = "The webhook's Service; its DNS names go into the serving certificate.", DefaultValueFactory = _ => defaults.ServiceName };
        var serviceNamespace = new Option<string>("--webhook-service-namespace") { Description = "Namespace of the webhook's Service and certificate Secret; default $POD_NAMESPACE or mailserver-operator-system.", DefaultValueFactory = _ => podNamespace };
        var configurationName = new Option<string>("--webhook-configuration-name") { Description = "The ValidatingWebhookConfiguration whose caBundle the operator keeps current.", DefaultValueFactory = _ => defaults.ConfigurationName };
        var secretName = new Option<string>("--webhook-secret-name") { Description = "The Secret where replicas share the webhook's CA and serving certificate.", DefaultValueFactory = _ => defaults.SecretName };
        var certDirectory = new Option<string?>("--webhook-cert-dir") { Description = "Serve tls.crt and tls.key from this directory (e.g. a cert-manager Secret) instead of issuing certificates; the caBundle is then left to cert-manager." };
        var operatorUser = new Option<string?>("--operator-username") { Description = "The user name of the operator's own requests (only it may change the built-ins); default from a SelfSubjectReview (Kubernetes 1.26+), else from the in-cluster service account or the kubeconfig's credentials." };
        var cacheSyncTimeout = DurationOption.Create("--cache-sync-timeout", "How long the caches may take to sync at start-up before run exits (the API server is unreachable)", new OperatorOptions().StartupTimeout);

        var command = new Command("run", "Run the operator against a cluster.")
        {
            kubeconfig, namespaces, workers, leaderElect, leaseNamespace, probeTimeout, probeConcurrency, caBundle, allowNetworks, allowPlaintext, noVerify, healthAddress,
            noWebhook, webhookAddress, serviceName, serviceNamespace, configurationName, secretName, certDirectory, operatorUser,
            cacheSyncTimeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kubeconfigPath = parse.GetValue(kubeconfig);
            var options = new OperatorOptions
            {
                Namespaces = parse.GetValue(namespaces) ?? [],
                StartupTimeout = parse.GetValue(cacheSyncTimeout),
                Controller = { Workers = parse.GetValue(workers) },
                Verification =
                {
                    Enabled = !parse.GetValue(noVerify),
                    ProbeTimeout = parse.GetValue(probeTimeout),
                    MaxConcurrentProbes = parse.GetValue(probeConcurrency),
                    CaBundlePath = parse.GetValue(caBundle),
                    ProbeAllowedNetworks = parse.GetValue(allowNetworks) ?? [],
                    AllowPlaintextCredentials = parse.GetValue(allowPlaintext),
                },
                LeaderElection =
                {
                    Enabled = parse.GetValue(leaderElect),
                    LeaseNamespace = parse.GetValue(leaseNamespace) ?? podNamespace,
                },
            };
            var webhook = new WebhookOptions
            {
                Enabled = !parse.GetValue(noWebhook),
                BindAddress = parse.GetValue(webhookAddress)!,
                ServiceName = parse.GetValue(serviceName)!,
                ServiceNamespace = parse.GetValue(serviceNamespace)!,
                ConfigurationName = parse.GetValue(configurationName)!,
                SecretName = parse.GetValue(secretName)!,
                CertificateDirectory = parse.GetValue(certDirectory),
                AllowPlaintextCredentials = parse.GetValue(allowPlaintext),
            };
            var identity = OperatorIdentity.FromEnvironment();
            var error = parse.InvocationConfiguration.Error;
            WebApplication app;
            try
            {
                var client = KubernetesClientFactory.Create(kubeconfigPath, identity.Name);
                OperatorUser? user = null;
                if (webhook.Enabled)
                {
                    var (resolved, reviewProblem) = parse.GetValue(operatorUser) is { Length: > 0 } given
                        ? (new OperatorUser(given, "--operator-username"), null)
                        : await OperatorUserName.ResolveAsync(client, kubeconfigPath, cancellationToken);
                    if (resolved is null)
                    {
                        await error.WriteLineAsync(
                            "run: the webhook lets only the operator change the built-ins, but its user name cannot be learnt " +
                            (reviewProblem is null ? "(no SelfSubjectReview on this API server) " : $"({reviewProblem}) ") + "or read from these credentials: " +
                            "pass --operator-username (for example system:serviceaccount:NAMESPACE:NAME), or --disable-webhook");
                        return 2;
                    }

                    user = resolved with { Source = reviewProblem is null ? resolved.Source : $"{resolved.Source}; {reviewProblem}" };
                    webhook.OperatorUserName = user.Name;
                }

                app = OperatorWebApplication.Create(client, options, webhook, parse.GetValue(healthAddress)!, services => services.AddSingleton(identity));
                if (user is not null)
                {
                    LogOperatorUser(app.Logger, user.Name, user.Source);
                }
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync("run: " + ex.Message);
                return 2;
            }
            catch (OperatorStartException ex)
            {
                await error.WriteLineAsync("run: " + ex.Message);
                return 1;
            }

            return await RunAsync(app, error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Runs until shutdown; 0 for a requested shutdown, 1 with one line on stderr when something failed: a fatal error
    /// a service reported, or a hosted service that crashed (a bug: its stack is logged, since it is needed to fix it).
    /// </summary>
    internal static async Task<int> RunAsync(WebApplication app, TextWriter error, CancellationToken cancellationToken)
    {
        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync("run: cannot listen: " + ex.Message.TrimEnd('.')); // "Failed to bind to address http://[::]:8081: address already in use"
                return 1;
            }
            catch (OperationCanceledException)
            {
                // Stopped while starting: by a shutdown request, or by a service that failed (told below).
                using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(stopTimeout.Token);
            }

            if (app.Services.GetRequiredService<OperatorHealth>().Failure is { } failure)
            {
                await error.WriteLineAsync("run: " + failure);
                return 1;
            }

            var crashed = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true });
            if (crashed?.ExecuteTask?.Exception?.GetBaseException() is { } crash)
            {
                LogCrashed(app.Logger, crashed.GetType().Name, crash);
                await error.WriteLineAsync($"run: {crashed.GetType().Name} crashed: {crash.Message}");
                return 1;
            }

            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator user name {UserName} (from {Source}): only it may change the built-ins")]
    private static partial void LogOperatorUser(ILogger logger, string userName, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} crashed")]
    private static partial void LogCrashed(ILogger logger, string service, Exception exception);
}
