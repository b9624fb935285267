using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>The API server's JSON audit log, read as completed requests.</summary>
internal sealed partial class AuditLog(string path)
{
    public IReadOnlyList<AuditEvent> Events(string @namespace)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var events = new List<AuditEvent>();
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.GetProperty("stage").GetString() != "ResponseComplete" || !root.TryGetProperty("objectRef", out var objectRef)
                || (objectRef.TryGetProperty("namespace", out var ns) ? ns.GetString() : null) != @namespace)
            {
                continue;
            }

            var userAgent = root.TryGetProperty("userAgent", out var agent) ? agent.GetString() ?? "" : "";
            var holder = root.TryGetProperty("requestObject", out var body) && body.TryGetProperty("spec", out var spec)
                && spec.TryGetProperty("holderIdentity", out var h) ? h.GetString() ?? "" : null;
            events.Add(new AuditEvent(
                Time(root, "requestReceivedTimestamp"), Time(root, "stageTimestamp"), root.GetProperty("verb").GetString()!,
                objectRef.GetProperty("resource").GetString()!, objectRef.TryGetProperty("subresource", out var sub) ? sub.GetString() : null,
                @namespace, objectRef.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                root.TryGetProperty("responseStatus", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0,
                OperatorAgent().Match(userAgent) is { Success: true } m ? m.Groups[1].Value : userAgent, holder));
        }

        return events;
    }

    /// <summary>
    /// Every successful MailServer or Event write by an operator instance, checked against who held the Lease: the holder (the
    /// latest successful Lease write before the request arrived) must be the writer, and must not change before the
    /// write completed. Returns the writes that broke this; empty means never two writers at once.
    /// </summary>
    public static IReadOnlyList<string> WritesOutsideTheirLease(IReadOnlyList<AuditEvent> events, IReadOnlySet<string> instances)
    {
        var holders = events.Where(e => e.Resource == "leases" && e.Holder is not null && e.Code is >= 200 and < 300).OrderBy(e => e.Completed).ToList();
        var violations = new List<string>();
        foreach (var write in events.Where(e => e.Resource is "mailservers" or "events" && e.Code is >= 200 and < 300 && instances.Contains(e.Writer)))
        {
            var holder = holders.LastOrDefault(l => l.Completed <= write.Received)?.Holder;
            var changed = holders.FirstOrDefault(l => l.Completed > write.Received && l.Received < write.Completed && l.Holder != write.Writer);
            if (holder != write.Writer || changed is not null)
            {
                violations.Add($"{write.Writer} {write.Verb} {write.Name}/{write.Subresource} at {write.Received:HH:mm:ss.ffffff}-{write.Completed:HH:mm:ss.ffffff} " +
                    $"while the lease was held by '{holder}'" + (changed is null ? "" : $" and taken by '{changed.Holder}' at {changed.Completed:HH:mm:ss.ffffff}"));
            }
        }

        return violations;
    }

    private static DateTimeOffset Time(JsonElement root, string property) =>
        DateTimeOffset.Parse(root.GetProperty(property).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(@"^mailserver-operator/\S+ \((.+)\)$")]
    private static partial Regex OperatorAgent();
}
