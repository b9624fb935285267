using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>What a user does with kubectl, and what <c>kubectl get</c> would show, for MailServers in one namespace.</summary>
internal sealed class MailServers(IKubernetes client, string @namespace)
{
    public string Namespace => @namespace;

    public static JsonObject Pop3(string name, int? order, string host = "pop.example.jp") => new()
    {
        ["apiVersion"] = MailServer.ApiVersionName,
        ["kind"] = MailServer.KindName,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["displayName"] = name,
            ["order"] = order,
            ["incoming"] = new JsonObject { ["protocol"] = "POP3", ["host"] = host, ["port"] = 995 },
            ["outgoing"] = new JsonObject { ["host"] = "smtp." + host, ["port"] = 587 },
        },
    };

    public async Task CreateAsync(JsonObject body)
    {
        body["metadata"]!["namespace"] = @namespace;
        if (body["spec"] is JsonObject spec && spec["order"] is null)
        {
            spec.Remove("order");
        }

        await CustomObjectRequests.CreateAsync(client, body, MailServer.Group, MailServer.Version, @namespace, MailServer.Plural);
    }

    public async Task MergePatchAsync(string name, object patch) =>
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(JsonSerializer.Serialize(patch), V1Patch.PatchType.MergePatch), MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, name);

    public async Task DeleteAsync(string name) =>
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, name);

    public async Task<MailServer?> GetAsync(string name)
    {
        try
        {
            var raw = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, @namespace, MailServer.Plural, name);
            return raw.Deserialize<MailServer>(MailServerJson.Options);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>name → status.position, as the POSITION column shows it.</summary>
    public async Task<Dictionary<string, int?>> PositionsAsync()
    {
        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, @namespace, MailServer.Plural);
        return list.GetProperty("items").EnumerateArray()
            .Select(i => i.Deserialize<MailServer>(MailServerJson.Options)!)
            .ToDictionary(s => s.Metadata.Name, s => s.Status?.Position);
    }

    /// <summary>Null when the positions are as expected, else what differs.</summary>
    public async Task<string?> PositionsAreAsync(params (string Name, int Position)[] expected)
    {
        var actual = await PositionsAsync();
        var wrong = expected.Where(e => !actual.TryGetValue(e.Name, out var p) || p != e.Position).ToList();
        return wrong.Count == 0 && actual.Count == expected.Length
            ? null
            : "positions are " + string.Join(", ", actual.OrderBy(a => a.Value).Select(a => $"{a.Key}={a.Value}"));
    }

    /// <summary>Null when the condition has the status for the object's current generation, else what it is.</summary>
    public async Task<string?> ConditionIsAsync(string name, string type, string status)
    {
        var server = await GetAsync(name);
        var condition = server?.Status?.Conditions.Find(type);
        return condition is not null && condition.Status == status && condition.ObservedGeneration == server!.Metadata.Generation
            ? null
            : $"{name} {type} is {condition?.Status ?? "absent"} ({condition?.Reason}: {condition?.Message}), generation {server?.Metadata.Generation}";
    }
}
