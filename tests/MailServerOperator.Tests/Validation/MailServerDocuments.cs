using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;

namespace MailServerOperator.Tests.Validation;

/// <summary>
/// A valid MailServer document and a compact way to break it for table-driven tests:
/// <c>"spec.incoming.port=70000; spec.incoming.tls=\"None\""</c> sets JSON values, a path without '=' removes the field.
/// </summary>
internal static class MailServerDocuments
{
    public const string ValidJson = """
        {
          "apiVersion": "mailshare.io/v1alpha1",
          "kind": "MailServer",
          "metadata": { "name": "example-isp", "namespace": "mail-share" },
          "spec": {
            "displayName": "Example ISP",
            "order": 10,
            "incoming": {
              "protocol": "POP3",
              "host": "pop.example.jp",
              "port": 995,
              "tls": "Implicit",
              "apop": false,
              "maxMessageSize": "10Mi",
              "retention": { "leaveOnServer": false, "deleteAfterDays": 7 }
            },
            "outgoing": {
              "host": "smtp.example.jp",
              "port": 587,
              "tls": "StartTls",
              "authentication": { "mechanism": "PLAIN", "useAccountCredentials": true },
              "maxMessageSize": "10Mi"
            },
            "probe": { "interval": "5m", "credentialsSecretRef": { "name": "example-isp-probe" } }
          }
        }
        """;

    public static JsonElement Document(string changes = "") => JsonSerializer.SerializeToElement(Node(changes));

    /// <summary>Another document than <see cref="ValidJson"/>, changed the same way.</summary>
    public static JsonElement Document(JsonObject document, string changes) => JsonSerializer.SerializeToElement(Change(document, changes));

    public static MailServer Server(string changes = "") =>
        Node(changes).Deserialize<MailServer>(MailServerJson.Options) ?? throw new InvalidOperationException("null document");

    /// <summary>A fresh copy of <see cref="ValidJson"/>.</summary>
    public static JsonObject Valid() => JsonNode.Parse(ValidJson)!.AsObject();

    /// <summary>The object that holds the last name of a dotted <paramref name="path"/>, made on the way where missing or not an object.</summary>
    public static JsonObject ParentOf(JsonObject root, string path, out string name)
    {
        var names = path.Split('.');
        var parent = root;
        foreach (var child in names[..^1])
        {
            if (parent[child] is not JsonObject next)
            {
                next = [];
                parent[child] = next;
            }

            parent = next;
        }

        name = names[^1];
        return parent;
    }

    private static JsonObject Node(string changes) => Change(Valid(), changes);

    private static JsonObject Change(JsonObject root, string changes)
    {
        foreach (var change in changes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = change.IndexOf('=', StringComparison.Ordinal);
            var parent = ParentOf(root, equals < 0 ? change : change[..equals], out var name);
            if (equals < 0)
            {
                parent.Remove(name);
            }
            else
            {
                parent[name] = JsonNode.Parse(change[(equals + 1)..]);
            }
        }

        return root;
    }
}
