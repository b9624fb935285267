using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using k8s;

namespace MailServerOperator.E2E;

/// <summary>
/// Where a paged list's time goes, per page size: the API server and the transfer (curl: time to first byte, time to
/// the last), a raw Utf8JsonReader pass over the bytes curl received (the least any decode costs), a JsonDocument of
/// them, and the whole paged list through KubernetesClient as the floor and the operator make it (HTTP + JsonElement).
/// </summary>
internal static class ListTiming
{
    public static async Task RunAsync(k8s.Kubernetes client, string kubeconfig, string @namespace, int[] pageSizes, Figures figures)
    {
        var (server, token, caFile) = Connection(kubeconfig);
        var path = $"/apis/{Workload.Group}/{Workload.Version}/namespaces/{@namespace}/{Workload.Plural}";
        var scratch = Path.Combine(Path.GetTempPath(), $"list-timing-{Environment.ProcessId}.json");
        foreach (var size in pageSizes)
        {
            double wait = 0, total = 0, reader = 0, document = 0;
            long bytes = 0;
            var pages = 0;
            string? next = null;
            do
            {
                var url = $"{server}{path}?limit={size}" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
                var (firstByte, last) = await CurlAsync(url, token, caFile, scratch);
                wait += firstByte;
                total += last;
                var body = await File.ReadAllBytesAsync(scratch);
                bytes += body.Length;
                var clock = Stopwatch.StartNew();
                next = ContinueToken(body);
                reader += clock.Elapsed.TotalSeconds;
                clock.Restart();
                using (JsonDocument.Parse(body))
                {
                }

                document += clock.Elapsed.TotalSeconds;
                pages++;
            }
            while (next is not null);

            var viaClient = Stopwatch.StartNew();
            next = null;
            do
            {
                var page = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
                    Workload.Group, Workload.Version, @namespace, Workload.Plural, continueParameter: next, limit: size);
                next = page.GetProperty("metadata").TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } more ? more : null;
            }
            while (next is not null);

            var p = $"[limit={size}, {pages} pages, {bytes / 1048576.0:0.0} MiB]";
            figures.Add($"list: curl time to first byte, s {p}", wait);
            figures.Add($"list: curl time to last byte, s {p}", total);
            figures.Add($"list: Utf8JsonReader over the bytes, s {p}", reader);
            figures.Add($"list: JsonDocument.Parse of the bytes, s {p}", document);
            figures.Add($"list: KubernetesClient paged list (HTTP + JsonElement), s {p}", viaClient.Elapsed.TotalSeconds);
        }

        File.Delete(scratch);
    }

    private static async Task<(double FirstByte, double Total)> CurlAsync(string url, string token, string caFile, string output)
    {
        var info = new ProcessStartInfo("curl", ["-sS", "--fail", "--cacert", caFile, "-H", "Authorization: Bearer " + token, "-o", output, "-w", "%{time_starttransfer} %{time_total}", url])
        {
            RedirectStandardOutput = true,
        };
        using var curl = Process.Start(info)!;
        var timing = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var parts = timing.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Reads every token of the list (as any decode must) and returns metadata.continue.</summary>
    private static string? ContinueToken(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        string? next = null;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("continue"u8))
            {
                reader.Read();
                next = reader.GetString();
            }
        }

        return string.IsNullOrEmpty(next) ? null : next;
    }

    /// <summary>The server, bearer token and CA file of a kubeconfig written by hack/control-plane.sh.</summary>
    private static (string Server, string Token, string CaFile) Connection(string kubeconfig)
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        var ca = Path.Combine(Path.GetTempPath(), $"list-timing-{Environment.ProcessId}.crt");
        var pem = new StringBuilder();
        foreach (var certificate in configuration.SslCaCerts)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        File.WriteAllText(ca, pem.ToString());
        return (configuration.Host.TrimEnd('/'), configuration.AccessToken, ca);
    }
}
