using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// One webhook for the tests of a class: a namespace where the operator also reconciles (it holds the built-ins, which
/// the operator created through the webhook) and one where only the webhook judges.
/// </summary>
public sealed class AdmissionWebhookFixture : IAsyncLifetime
{
    private static readonly TimeSpan WebhookReadyTimeout = TimeSpan.FromSeconds(30);

    internal ControlPlane Plane { get; private set; } = null!;

    internal WebhookOperator Webhook { get; private set; } = null!;

    /// <summary>Reconciled by the operator; holds gmail and exchange-online.</summary>
    internal string Managed { get; private set; } = "";

    /// <summary>Judged by the webhook only.</summary>
    internal string Unmanaged { get; private set; } = "";

    internal IKubernetes Admin => Plane.Client;

    internal IKubernetes OperatorClient { get; private set; } = null!;

    /// <summary>From registering the configuration to the first call the apiserver made with the published caBundle.</summary>
    internal TimeSpan TimeToFirstAdmission { get; private set; }

    public async Task InitializeAsync()
    {
        Plane = await SharedControlPlane.GetAsync();
        var operatorNamespace = await Plane.CreateNamespaceAsync("webhook-system");
        Managed = await Plane.CreateNamespaceAsync("webhook-managed");
        Unmanaged = await Plane.CreateNamespaceAsync("webhook-other");
        Webhook = await WebhookOperator.StartAsync(Plane, operatorNamespace, [Managed]);
        await Webhook.SelectAsync(Managed);
        await Webhook.SelectAsync(Unmanaged);
        OperatorClient = new k8s.Kubernetes(Plane.CreateOperatorConfiguration());
        TimeToFirstAdmission = await Eventually.SucceedsAsync("the apiserver to call the webhook with the published caBundle", WebhookReadyTimeout, () => WebhookAnswersAsync(Admin, Unmanaged));

        await new MailServers(Admin, Managed).CreateAsync(MailServers.Pop3("seed", order: 1));
        foreach (var name in ReservedMailServerNames.All)
        {
            await Eventually.SucceedsAsync($"the operator to create {name}", WebhookReadyTimeout, async () =>
                await new MailServers(Admin, Managed).GetAsync(name) is null ? $"no {name} yet" : null);
        }
    }

    public async Task DisposeAsync()
    {
        OperatorClient?.Dispose();
        if (Webhook is not null)
        {
            await Webhook.DisposeAsync();
        }
    }

    /// <summary>Null once a dry-run create of an invalid object is refused by this webhook (not failed calling it).</summary>
    internal static async Task<string?> WebhookAnswersAsync(IKubernetes client, string @namespace)
    {
        var invalid = MailServers.Pop3("probe", order: null);
        invalid["metadata"]!["namespace"] = @namespace;
        invalid["spec"]!["incoming"]!["protocol"] = "IMAP4";
        invalid["spec"]!["incoming"]!["apop"] = true;
        try
        {
            await CustomObjectRequests.CreateAsync(client, invalid, MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, dryRun: "All");
            return "an invalid MailServer was accepted";
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.InternalServerError)
        {
            var status = ApiStatus.From(ex);
            return status.Message.Contains($"admission webhook \"{WebhookOperator.WebhookName}\" denied the request", StringComparison.Ordinal)
                ? null
                : status.Message;
        }
    }

    internal static JsonObject Copy(JsonObject body) => (JsonObject)body.DeepClone();
}
