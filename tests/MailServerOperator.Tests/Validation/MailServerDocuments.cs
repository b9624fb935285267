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

    private static JsonObject Node(string changes) => Change(JsonNode.Parse(ValidJson)!.AsObject(), changes);

    private static JsonObject Change(JsonObject root, string changes)
    {
        foreach (var change in changes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = change.IndexOf('=', StringComparison.Ordinal);
            var path = equals < 0 ? change : change[..equals];
            var names = path.Split('.');
            var parent = root;
            foreach (var name in names[..^1])
            {
                if (parent[name] is not JsonObject child)
                {
                    child = [];
                    parent[name] = child;
                }

                parent = child;
            }

            if (equals < 0)
            {
                parent.Remove(names[^1]);
            }
            else
            {
                parent[names[^1]] = JsonNode.Parse(change[(equals + 1)..]);
            }
        }

        return root;
    }
}
