using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MailServerOperator.Tests.Validation;

namespace MailServerOperator.Tests.Fuzzing;

/// <summary>
/// Generators of MailServer documents: the valid document with one to six mutations, each setting a declared (or
/// misspelt) field to a value of any JSON type, including the awkward ones, or removing a field.
/// </summary>
internal static class MailServerGen
{
    public static readonly string[] Paths =
    [
        "apiVersion", "kind", "metadata", "metadata.name", "metadata.namespace", "metadata.generateName", "metadata.labels",
        "spec", "spec.displayName", "spec.order", "spec.incoming", "spec.incoming.protocol", "spec.incoming.host", "spec.incoming.port",
        "spec.incoming.tls", "spec.incoming.apop", "spec.incoming.maxMessageSize", "spec.incoming.retention",
        "spec.incoming.retention.leaveOnServer", "spec.incoming.retention.deleteAfterDays", "spec.outgoing", "spec.outgoing.host",
        "spec.outgoing.port", "spec.outgoing.tls", "spec.outgoing.authentication", "spec.outgoing.authentication.mechanism",
        "spec.outgoing.authentication.useAccountCredentials", "spec.outgoing.maxMessageSize", "spec.probe", "spec.probe.interval",
        "spec.probe.credentialsSecretRef", "spec.probe.credentialsSecretRef.name", "spec.hots", "spec.incoming.hostname", "status",
        "spec.incoming.ho\nst", "spec.\u2028", "spec.", "metadata.labels.mailshare.io/builtin", "spec.incoming[0]",
    ];

    private static readonly string[] Interesting =
    [
        "", " ", "POP3", "IMAP4", "pop3", "None", "StartTls", "Implicit", "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "None ", "10Mi", "10M",
        "10MB", "ten megabytes", "0", "-1", "1e3", "5m", "30s", "24h", "1h30m", "29s", "-5m", "pop.example.jp", "pop.example.jp:995",
        "pop3://user:secret@pop.example.jp", "user@smtp.example.jp", "192.0.2.1", "::1", "[::1]", "2001:db8::1", "under_score.example",
        "gmail", "exchange-online", "Example ISP", "\u0000", "\t", "\u202e", "日本語", "true", "yes", "on", "null", "line\nbreak",
        new string('a', 64), new string('a', 65), new string('x', 254), "mailshare.io/v1alpha1", "mailshare.io/v1", "MailServer", "mailserver",
    ];

    public static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (4, Gen.OneOf<string>(Interesting).Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Int[-2, 70000].Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)));

    public static readonly Gen<JsonNode?> Value = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Gen.Select(Gen.OneOf<string>("name", "host", "port", "x", "tls", ""), self, (k, v) => (JsonNode?)new JsonObject { [k] = v })),
            (1, self.List[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())])))));

    private static readonly Gen<Mutation> OneMutation = Gen.Select(Gen.OneOf<string>(Paths), Value, Gen.Int[0, 5], (path, value, kind) => new Mutation(path, value, kind == 0));

    /// <summary>A MailServer document: the valid one, mutated.</summary>
    public static readonly Gen<JsonObject> Document = OneMutation.Array[1, 6].Select(mutations =>
    {
        var document = MailServerDocuments.Valid();
        foreach (var mutation in mutations)
        {
            mutation.ApplyTo(document);
        }

        return document;
    });

    public static JsonElement ToElement(JsonObject document) => JsonSerializer.SerializeToElement(document);

    private sealed record Mutation(string Path, JsonNode? Value, bool Remove)
    {
        public void ApplyTo(JsonObject root)
        {
            var parent = MailServerDocuments.ParentOf(root, Path, out var name);
            if (Remove)
            {
                parent.Remove(name);
            }
            else
            {
                parent[name] = Value?.DeepClone();
            }
        }
    }
}
