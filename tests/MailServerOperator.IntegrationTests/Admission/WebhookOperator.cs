using System.Net;
using System.Security.Cryptography;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// The operator with its webhook, composed as <c>run</c> composes it, running in-process as the operator's service
/// account, and a ValidatingWebhookConfiguration of its own that calls it on https://127.0.0.1:PORT. The configuration
/// selects only namespaces labelled <see cref="SelectorLabel"/> with this instance's value, so the tests that share the
/// control plane are not affected. The configuration is created without a caBundle: the operator fills it in.
/// </summary>
internal sealed class WebhookOperator : IAsyncDisposable
{
    public const string SelectorLabel = "mailshare.io/admission-test";
    public const string WebhookName = "mailservers.mailshare.io";

    private readonly WebApplication _app;
    private readonly ControlPlane _plane;

    private WebhookOperator(WebApplication app, ControlPlane plane, WebhookOptions options, string selectorValue, Uri url, Uri healthUrl)
    {
        _app = app;
        _plane = plane;
        Options = options;
        SelectorValue = selectorValue;
        Url = url;
        HealthUrl = healthUrl;
    }

    public WebhookOptions Options { get; }

    /// <summary>The value of <see cref="SelectorLabel"/> that puts a namespace under this webhook.</summary>
    public string SelectorValue { get; }

    /// <summary>Where the webhook is served: https://127.0.0.1:PORT/validate-….</summary>
    public Uri Url { get; }

    /// <summary>Where /healthz and /readyz are served: http://127.0.0.1:PORT/.</summary>
    public Uri HealthUrl { get; }

    /// <param name="plane">The control plane.</param>
    /// <param name="operatorNamespace">Where the certificate Secret goes.</param>
    /// <param name="managedNamespaces">What the operator reconciles; empty for a webhook with an operator that has nothing to do.</param>
    /// <param name="configure">Changes to the webhook options (certificate lifetimes).</param>
    public static async Task<WebhookOperator> StartAsync(ControlPlane plane, string operatorNamespace, IReadOnlyList<string> managedNamespaces, Action<WebhookOptions>? configure = null)
    {
        var selectorValue = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var options = new WebhookOptions
        {
            BindAddress = "https://127.0.0.1:0",
            OperatorUserName = ControlPlane.OperatorUserName,
            ServiceNamespace = operatorNamespace,
            ConfigurationName = "mailserver-operator-test-" + selectorValue,
            Certificates = { RetryInterval = TimeSpan.FromMilliseconds(100) },
        };
        configure?.Invoke(options);
        var operatorOptions = new OperatorOptions
        {
            Namespaces = managedNamespaces.Count > 0 ? managedNamespaces : [operatorNamespace],
            LeaderElection = { Enabled = false },
            Verification = { Enabled = false },
        };
        var app = OperatorWebApplication.Create(
            new k8s.Kubernetes(plane.CreateOperatorConfiguration()), operatorOptions, options, "http://127.0.0.1:0",
            services => services.AddSingleton(new OperatorIdentity("webhook-test-" + selectorValue)));
        await app.StartAsync();
        var url = new Uri(new Uri(app.Urls.Single(address => address.StartsWith("https://", StringComparison.Ordinal))), WebhookOptions.Path);
        var healthUrl = new Uri(app.Urls.Single(address => address.StartsWith("http://", StringComparison.Ordinal)));
        var instance = new WebhookOperator(app, plane, options, selectorValue, url, healthUrl);
        try
        {
            await plane.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(instance.Configuration());
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Labels <paramref name="namespace"/> so that this webhook judges its MailServers.</summary>
    public async Task SelectAsync(string @namespace) =>
        await _plane.Client.CoreV1.PatchNamespaceAsync(
            new V1Patch(System.Text.Json.JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [SelectorLabel] = SelectorValue } } }), V1Patch.PatchType.MergePatch), @namespace);

    public async Task<V1ValidatingWebhookConfiguration> ReadConfigurationAsync() =>
        await _plane.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(Options.ConfigurationName);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _plane.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(Options.ConfigurationName);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private V1ValidatingWebhookConfiguration Configuration() => new()
    {
        Metadata = new V1ObjectMeta { Name = Options.ConfigurationName },
        Webhooks =
        [
            new V1ValidatingWebhook
            {
                Name = WebhookName,
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = "Fail",
                TimeoutSeconds = 10,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = Url.AbsoluteUri },
                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [SelectorLabel] = SelectorValue } },
                Rules =
                [
                    new V1RuleWithOperations
                    {
                        ApiGroups = [MailServer.Group],
                        ApiVersions = [MailServer.Version],
                        Operations = ["CREATE", "UPDATE", "DELETE"],
                        Resources = [MailServer.Plural],
                        Scope = "Namespaced",
                    },
                ],
            },
        ],
    };
}
