using System.Text.Json;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Controller;

namespace MailServerOperator.Informers;

/// <summary>One observed version of a MailServer: the raw document (for validation) and its typed reading.</summary>
internal sealed record MailServerObject(JsonElement Raw, MailServer Server)
{
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

        return new MailServerObject(raw.Clone(), server);
    }
}
