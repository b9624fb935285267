using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.Informers;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Kubernetes;

/// <summary>
/// Every write the operator makes to MailServers: status patches and the built-ins it owns. Each successful write is
/// stored in the informer cache at once (write-through), so the next reconcile compares against what it wrote.
/// Writes are fenced: refused unless this instance leads (<see cref="NotLeaderException"/>), and conditional on the
/// resourceVersion the decision was made from, so a write computed from a stale cache (or by a former leader) fails
/// with 409 Conflict instead of clobbering a newer object. A write that creates a built-in or puts its spec back is also
/// told to the event handler: once the cache holds that version the reflector skips the watch event for it, and the
/// handler's order index must still hear of the new object or its order (a status write changes nothing it indexes).
/// </summary>
internal sealed class MailServerWriter(
    IKubernetes client, ObjectStore<MailServerObject> cache, IResourceEventHandler<MailServerObject> handler, Leadership leadership)
{
    public const string FieldManager = "mailserver-operator";

    /// <summary>Replaces the whole status subresource (a JSON patch "add" on /status) in one request, if the object is still <paramref name="current"/>.</summary>
    public async Task PatchStatusAsync(MailServerObject current, MailServerStatus status, CancellationToken cancellationToken)
    {
        var patch = StatusPatch(current, status);
        leadership.EnsureLeading();
        OperatorTelemetry.StatusWrites.Add(1);
        var result = await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch, V1Patch.PatchType.JsonPatch), MailServer.Group, MailServer.Version,
            current.Key.Namespace, MailServer.Plural, current.Key.Name, fieldManager: FieldManager, cancellationToken: cancellationToken);
        Store(result);
    }

    /// <summary>The JSON patch that replaces the status of <paramref name="current"/> if it has not changed since.</summary>
    public static string StatusPatch(MailServerObject current, MailServerStatus status) =>
        new JsonArray(
            Precondition(current),
            new JsonObject
            {
                ["op"] = "add",
                ["path"] = "/status",
                ["value"] = JsonSerializer.SerializeToNode(status, MailServerJsonContext.Default.MailServerStatus),
            }).ToJsonString();

    /// <summary>Creates a built-in; false when the namespace is going away or someone created it first.</summary>
    public async Task<bool> CreateBuiltInAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var body = new MailServer
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string> { [BuiltInServers.BuiltInLabel] = "true" },
            },
            Spec = BuiltInServers.SpecFor(name),
        };
        leadership.EnsureLeading();
        try
        {
            var result = await KubernetesRequests.PostAsync(
                (k8s.Kubernetes)client, $"apis/{MailServer.Group}/{MailServer.Version}/namespaces/{Uri.EscapeDataString(@namespace)}/{MailServer.Plural}?fieldManager={FieldManager}",
                JsonSerializer.SerializeToElement(body, MailServerJsonContext.Default.MailServer), cancellationToken);
            Store(result, specWritten: true);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // 409: created meanwhile (the watch brings it); 403/404: the namespace is terminating or gone.
            return false;
        }
    }

    /// <summary>Puts a built-in's spec and label back to the published settings.</summary>
    public async Task RevertBuiltInAsync(MailServerObject current, CancellationToken cancellationToken)
    {
        var patch = new JsonArray(
            Precondition(current),
            new JsonObject
            {
                ["op"] = "add",
                ["path"] = "/spec",
                ["value"] = JsonSerializer.SerializeToNode(BuiltInServers.SpecFor(current.Key.Name), MailServerJsonContext.Default.MailServerSpec),
            },
            current.Metadata.Labels is null
                ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject { [BuiltInServers.BuiltInLabel] = "true" } }
                : new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/" + BuiltInServers.BuiltInLabel.Replace("/", "~1", StringComparison.Ordinal), ["value"] = "true" });
        leadership.EnsureLeading();
        var result = await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), MailServer.Group, MailServer.Version,
            current.Key.Namespace, MailServer.Plural, current.Key.Name, fieldManager: FieldManager, cancellationToken: cancellationToken);
        Store(result, specWritten: true);
    }

    // Setting resourceVersion in a patch makes it the update's precondition: the API server answers 409 Conflict when
    // the object has changed since (a JSON patch "test" would fail as 422, indistinguishable from a bad patch).
    private static JsonObject Precondition(MailServerObject current) =>
        new() { ["op"] = "replace", ["path"] = "/metadata/resourceVersion", ["value"] = current.ResourceVersion };

    private void Store(object result, bool specWritten = false)
    {
        var written = MailServerObject.From((JsonElement)result);
        var (stored, previous) = cache.Upsert(written.Key, written);
        if (stored && specWritten)
        {
            handler.OnUpsert(previous, written);
        }
    }
}
