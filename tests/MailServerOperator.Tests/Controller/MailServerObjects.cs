using System.Text.Json;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Controller;

/// <summary>MailServer objects as the informer holds them, built from the JSON the API server would send.</summary>
internal static class MailServerObjects
{
    public static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static MailServerObject Make(string name, int? order, string resourceVersion = "1", string @namespace = "ns", int createdMinute = 0, long generation = 1, string displayName = "Example ISP") =>
        MailServerObject.From(JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["apiVersion"] = "mailshare.io/v1alpha1",
            ["kind"] = "MailServer",
            ["metadata"] = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["uid"] = $"uid-{@namespace}-{name}",
                ["resourceVersion"] = resourceVersion,
                ["generation"] = generation,
                ["creationTimestamp"] = T0.AddMinutes(createdMinute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["managedFields"] = new[] { new { manager = "kubectl", operation = "Apply", fieldsV1 = new { f_spec = new { } } } },
                ["annotations"] = new Dictionary<string, string>
                {
                    ["kubectl.kubernetes.io/last-applied-configuration"] = new string('x', 2000),
                    ["mailshare.io/requested-at"] = "now",
                },
            },
            ["spec"] = new Dictionary<string, object?>
            {
                ["displayName"] = displayName,
                ["order"] = order,
                ["incoming"] = new { protocol = "POP3", host = "pop.example.jp" },
                ["outgoing"] = new { host = "smtp.example.jp" },
            },
            ["status"] = new { observedGeneration = generation },
        }));

    public static List<string> Drain(MailServerOperator.Controller.WorkQueue queue)
    {
        var keys = new List<string>();
        while (queue.Count > 0)
        {
            var key = queue.GetAsync(CancellationToken.None).GetAwaiter().GetResult()!.Value;
            queue.Done(key);
            keys.Add(key.ToString());
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
