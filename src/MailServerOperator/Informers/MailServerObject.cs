using System.Buffers;
using System.Text.Json;
using k8s.Models;
using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>
/// One observed version of a MailServer, kept lean: the document the validator reads (apiVersion, kind, name,
/// namespace, spec) and the typed reading, without managedFields or kubectl's last-applied copy of the object.
/// </summary>
internal sealed record MailServerObject(JsonElement Raw, MailServer Server)
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    public V1ObjectMeta Metadata => Server.Metadata;

    public ObjectKey Key => new(Metadata.NamespaceProperty ?? "", Metadata.Name ?? "");

    public string ResourceVersion => Metadata.ResourceVersion ?? "";

    public long Generation => Metadata.Generation ?? 0;

    public static MailServerObject From(JsonElement raw)
    {
        MailServer server;
        try
        {
            server = raw.Deserialize<MailServer>(MailServerJson.Options) ?? new MailServer();
        }
        catch (JsonException)
        {
            // A spec the typed model cannot read (only possible with an older, looser CRD): keep metadata so the
            // object can still be ordered and get a status that names the problem.
            var metadata = raw.TryGetProperty("metadata", out var m) ? m.Deserialize<V1ObjectMeta>(MailServerJson.Options) : null;
            server = new MailServer { Metadata = metadata ?? new V1ObjectMeta() };
        }

        if (server.Metadata is { } kept)
        {
            kept.ManagedFields = null;
            if (kept.Annotations is { } annotations && annotations.Remove(LastAppliedAnnotation) && annotations.Count == 0)
            {
                kept.Annotations = null;
            }
        }

        return new MailServerObject(ValidatedPart(raw), server);
    }

    /// <summary>A copy of what validation reads: everything else (status, managedFields, annotations) stays out of the cache.</summary>
    private static JsonElement ValidatedPart(JsonElement raw)
    {
        if (raw.ValueKind != JsonValueKind.Object)
        {
            return raw.Clone();
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in raw.EnumerateObject())
            {
                if (property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    writer.WriteStartObject("metadata");
                    foreach (var field in property.Value.EnumerateObject())
                    {
                        if (field.NameEquals("name") || field.NameEquals("namespace"))
                        {
                            field.WriteTo(writer);
                        }
                    }

                    writer.WriteEndObject();
                }
                else if (!property.NameEquals("status"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
