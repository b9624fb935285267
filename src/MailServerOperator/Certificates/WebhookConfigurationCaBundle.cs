using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;

namespace MailServerOperator.Certificates;

/// <summary>
/// Keeps <c>clientConfig.caBundle</c> of every webhook in the ValidatingWebhookConfiguration named by
/// <see cref="WebhookOptions.ConfigurationName"/> equal to the operator's CA bundle (RBAC: get and patch, by name). It
/// reads the configuration afresh, never replaces a bundle that trusts a newer operator CA than this one (a stale
/// writer's rollback), and patches only the version it read.
/// </summary>
internal sealed class WebhookConfigurationCaBundle(IKubernetes client, WebhookOptions options) : ICaBundlePublisher
{
    public const string FieldManager = "mailserver-operator";

    public async Task<CaBundlePublication> PublishAsync(byte[] caBundle, CancellationToken cancellationToken)
    {
        V1ValidatingWebhookConfiguration configuration;
        try
        {
            configuration = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(options.ConfigurationName, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return CaBundlePublication.ConfigurationMissing;
        }

        var stale = (configuration.Webhooks ?? [])
            .Where(webhook => !(webhook.ClientConfig?.CaBundle ?? []).AsSpan().SequenceEqual(caBundle))
            .Select(webhook => webhook.Name)
            .ToList();
        if (stale.Count == 0)
        {
            return CaBundlePublication.Unchanged;
        }

        if ((configuration.Webhooks ?? []).Any(webhook => CaBundleOrder.TrustsNewerAuthority(webhook.ClientConfig?.CaBundle, caBundle)))
        {
            return CaBundlePublication.NewerPublished;
        }

        // A strategic merge patch addresses each webhook by its name (the list's merge key) and changes nothing else.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = configuration.Metadata.ResourceVersion },
            ["webhooks"] = new JsonArray([.. stale.Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["clientConfig"] = new JsonObject { ["caBundle"] = Convert.ToBase64String(caBundle) },
            })]),
        };
        try
        {
            await client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), options.ConfigurationName,
                fieldManager: FieldManager, cancellationToken: cancellationToken);
            return CaBundlePublication.Updated;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return CaBundlePublication.Conflict;
        }
    }
}
