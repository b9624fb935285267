using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MailServerOperator.E2E;

/// <summary>The API work of a benchmark: the creates both sides share, and the floor's status writes.</summary>
internal static class Workload
{
    public const string Group = "mailshare.io";
    public const string Version = "v1alpha1";
    public const string Plural = "mailservers";

    /// <summary>1..n in a random sequence: every server's final position is its order + 2 (after the built-ins).</summary>
    public static int[] RandomOrders(int count, int seed)
    {
        var orders = Enumerable.Range(1, count).ToArray();
        new Random(seed).Shuffle(orders);
        return orders;
    }

    public static string Name(int index) => $"s-{index:D5}";

    public static async Task CreateNamespaceAsync(k8s.Kubernetes client, string name) =>
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    public static Task CreateAsync(k8s.Kubernetes client, string @namespace, int[] orders, int concurrency) =>
        Parallel.ForEachAsync(Enumerable.Range(0, orders.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, token) =>
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Server(Name(i), @namespace, orders[i]), Group, Version, @namespace, Plural, cancellationToken: token));

    /// <summary>The floor's reconcile: one status write per server, the same size as the operator's, nothing else.</summary>
    public static Task PatchStatusAsync(k8s.Kubernetes client, string @namespace, int[] orders, int concurrency) =>
        Parallel.ForEachAsync(Enumerable.Range(0, orders.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, token) =>
            await PatchStatusAsync(client, @namespace, Name(i), generation: 1, position: orders[i] + 2, token));

    public static async Task PatchStatusAsync(k8s.Kubernetes client, string @namespace, string name, long generation, int position, CancellationToken token)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["position"] = position,
            ["conditions"] = new JsonArray(
                Condition("Valid", "Valid", "the spec is valid", generation, now),
                Condition("Ready", "VerificationDisabled", "the spec is valid; mail-server verification is disabled", generation, now)),
            ["incoming"] = new JsonObject { ["endpoint"] = "pop.example.jp:995 (POP3, Implicit TLS)" },
            ["outgoing"] = new JsonObject { ["endpoint"] = "smtp.example.jp:587 (StartTls)" },
        };
        var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = status });
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), Group, Version, @namespace, Plural, name, cancellationToken: token);
    }

    public static async Task<long> ChangeDisplayNameAsync(k8s.Kubernetes client, string @namespace, string name, string displayName)
    {
        var patch = JsonSerializer.Serialize(new { spec = new { displayName } });
        var result = (JsonElement)await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), Group, Version, @namespace, Plural, name);
        return result.GetProperty("metadata").GetProperty("generation").GetInt64();
    }

    /// <summary>
    /// Deletes every server of the namespace. At 10,000 one delete-collection outlasts the API server's request timeout
    /// (504) and stops partway, so it is repeated until one completes; so is a 500 from etcd's deadline on a loaded machine.
    /// </summary>
    public static async Task DeleteAllAsync(k8s.Kubernetes client, string @namespace)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(Group, Version, @namespace, Plural);
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError && attempt < 20)
            {
            }
        }
    }

    private static JsonObject Server(string name, string @namespace, int order) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "MailServer",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["spec"] = new JsonObject
        {
            ["displayName"] = $"Example ISP {order}",
            ["order"] = order,
            ["incoming"] = new JsonObject { ["protocol"] = "POP3", ["host"] = "pop.example.jp", ["port"] = 995, ["tls"] = "Implicit" },
            ["outgoing"] = new JsonObject
            {
                ["host"] = "smtp.example.jp",
                ["port"] = 587,
                ["tls"] = "StartTls",
                ["authentication"] = new JsonObject { ["mechanism"] = "PLAIN", ["useAccountCredentials"] = true },
            },
        },
    };

    private static JsonObject Condition(string type, string reason, string message, long generation, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["observedGeneration"] = generation,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
