using System.Runtime.InteropServices;
using System.Text.Json;
using k8s.Models;
using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>
/// One observed version of a MailServer as the cache keeps it: one compact UTF-8 document (apiVersion, kind, metadata
/// without managedFields or kubectl's last-applied copy of the object, spec, status) and the key, resourceVersion and
/// generation read from it, namespaces shared between objects. The typed reading (<see cref="Server"/>) and the part
/// validation reads (<see cref="Raw"/>) are decoded when asked for: at 10,000 servers the cache holds about 1 KB per
/// server instead of a typed object graph plus a JSON document, and an object that is only compared (the watch
/// event of the operator's own status write) is never decoded at all. The typed reading is kept weakly, so the
/// reads of one reconcile share it and the GC takes it back once the server is at rest.
/// </summary>
internal sealed class MailServerObject
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly byte[] _document;
    private readonly WeakReference<MailServer> _decoded = new(null!);

    private MailServerObject(byte[] document, LeanMailServerDocument.Facts facts)
    {
        _document = document;
        Key = new ObjectKey(facts.Namespace, facts.Name);
        ResourceVersion = facts.ResourceVersion;
        Generation = facts.Generation;
    }

    public ObjectKey Key { get; }

    public string ResourceVersion { get; }

    public long Generation { get; }

    /// <summary>The kept document (what the cache holds per server, besides this object and its strings).</summary>
    public ReadOnlyMemory<byte> Document => _document;

    /// <summary>The typed reading (metadata, spec, status), decoded on first use and shared while anyone holds it.</summary>
    public MailServer Server
    {
        get
        {
            if (!_decoded.TryGetTarget(out var server))
            {
                server = Decode(_document);
                _decoded.SetTarget(server);
            }

            return server;
        }
    }

    public V1ObjectMeta Metadata => Server.Metadata;

    /// <summary>What validation reads: apiVersion, kind, metadata.name and .namespace, spec (no status, no other metadata).</summary>
    public JsonElement Raw => LeanMailServerDocument.ValidatedPart(_document);

    public static MailServerObject From(JsonElement raw) => From(JsonMarshal.GetRawUtf8Value(raw));

    /// <summary>Reads one MailServer from its JSON as the API server sends it (a list item or a watch event's object).</summary>
    public static MailServerObject From(ReadOnlySpan<byte> json)
    {
        var document = LeanMailServerDocument.Write(json, out var facts);
        return new MailServerObject(document, facts);
    }

    private static MailServer Decode(byte[] document)
    {
        try
        {
            return JsonSerializer.Deserialize(document, MailServerJsonContext.Default.MailServer) ?? new MailServer();
        }
        catch (JsonException)
        {
            // A spec the typed model cannot read (only possible with an older, looser CRD): keep metadata so the
            // object can still be ordered and get a status that names the problem.
            using var parsed = JsonDocument.Parse(document);
            var metadata = parsed.RootElement.ValueKind == JsonValueKind.Object && parsed.RootElement.TryGetProperty("metadata", out var m)
                ? m.Deserialize(MailServerJsonContext.Default.V1ObjectMeta)
                : null;
            return new MailServer { Metadata = metadata ?? new V1ObjectMeta() };
        }
    }
}
