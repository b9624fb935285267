using System.Globalization;
using System.Text.RegularExpressions;

namespace MailServerOperator.E2E;

/// <summary>The API server's own count of requests (apiserver_request_total) by verb and resource.</summary>
internal static partial class ApiServerMetrics
{
    public static async Task<Dictionary<string, double>> ReadAsync(k8s.Kubernetes client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, "/metrics"));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        }

        using var response = await client.HttpClient.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var labels = Label().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            var resource = labels.GetValueOrDefault("resource", "") + (labels.GetValueOrDefault("subresource", "") is { Length: > 0 } sub ? "/" + sub : "");
            var key = $"{labels.GetValueOrDefault("verb")} {resource}";
            counts[key] = counts.GetValueOrDefault(key) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public static Dictionary<string, double> Difference(Dictionary<string, double> after, Dictionary<string, double> before) =>
        after.Select(a => (a.Key, Value: a.Value - before.GetValueOrDefault(a.Key))).Where(d => d.Value > 0).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);

    public static double Writes(Dictionary<string, double> difference) =>
        difference.Where(d => d.Key.Split(' ')[0] is "POST" or "PUT" or "PATCH" or "DELETE" or "DELETECOLLECTION").Sum(d => d.Value);

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex Label();
}
