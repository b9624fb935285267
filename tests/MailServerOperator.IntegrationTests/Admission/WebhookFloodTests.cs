using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailServerOperator.Admission;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// Any pod that reaches the webhook's port can send it what it likes. <c>run</c>, as the Deployment runs it, in a memory
/// group with the Deployment's limit, gets 100 concurrent 8 MiB bodies (half with Content-Length, half chunked) and must
/// stay alive, within the limit and answering.
/// </summary>
public sealed class WebhookFloodTests(ITestOutputHelper output)
{
    private const long DeploymentMemoryLimit = 256L * 1024 * 1024; // deploy/deployment.yaml
    private const int Requests = 100;
    private const int BodyBytes = 8 * 1024 * 1024;

    [Fact]
    public async Task Run_HundredConcurrentEightMiBBodies_StaysWithinItsMemoryLimitAndKeepsAnswering()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("flood");
        using var cgroup = MemoryCgroup.Create("mailserver-webhook-flood", DeploymentMemoryLimit);
        var health = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var webhook = new Uri($"https://127.0.0.1:{LoopbackPorts.Free()}{WebhookOptions.Path}");
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "mailserver-operator.dll"), "run",
            "--kubeconfig", plane.OperatorKubeconfigPath, "--namespace", ns, "--leader-elect=false", "--disable-verification",
            "--health-probe-bind-address", health.AbsoluteUri.TrimEnd('/'), "--operator-username", ControlPlane.OperatorUserName,
            "--webhook-bind-address", $"https://127.0.0.1:{webhook.Port}", "--webhook-service-namespace", ns, "--webhook-configuration-name", "mailserver-operator-" + ns,
        ];
        using var process = ManagedProcess.Start("flooded-operator", "/bin/sh", cgroup.Wrap("dotnet", arguments), plane.WorkDirectory);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                // The operator issued its own CA a moment ago; the test only needs to reach it.
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Issuer.Contains("mailserver-operator-webhook-ca", StringComparison.Ordinal) == true },
                MaxConnectionsPerServer = Requests,
                Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
            })
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
            await Eventually.SucceedsAsync("/readyz", TimeSpan.FromSeconds(90), async () =>
            {
                Assert.False(process.HasExited, "the operator exited before it was ready: " + process.ReadLogTail(20));
                using var response = await http.GetAsync(new Uri(health, "readyz"));
                return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
            });
            Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(http, webhook)).StatusCode);
            var before = cgroup.Usage;
            cgroup.ResetMaxUsage();

            var body = HugeReview();
            var outcomes = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => SendAsync(http, webhook, body, chunked: i % 2 == 1)));

            var peak = cgroup.MaxUsage;
            var peakRss = PeakResidentBytes(process.Id);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory limit {Mib(cgroup.Limit)} MiB; before the flood {Mib(before)} MiB; cgroup peak during it {Mib(peak)} MiB; peak RSS (VmHWM) {Mib(peakRss)} MiB; OOM kills {cgroup.OomKills}"));
            output.WriteLine("outcomes: " + string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}")));

            Assert.False(process.HasExited, "the operator died: " + process.ReadLogTail(20));
            Assert.Equal(0, cgroup.OomKills);
            Assert.True(peak < cgroup.Limit, $"peak {peak} bytes reached the limit");
            Assert.DoesNotContain("200", outcomes);
            Assert.All(outcomes, outcome => Assert.Contains(outcome, (string[])["413", "503", "reset"]));
            Assert.True(outcomes.Count(outcome => outcome == "413") >= Requests / 2, "every Content-Length request gets its 413"); // chunked ones may, too

            // Still judging, at once, and still alive as the kubelet sees it.
            using var after = await ReviewAsync(http, webhook);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Contains("\"allowed\":true", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("ok", await http.GetStringAsync(new Uri(health, "healthz")));
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>413, 503, or "reset" when the server closed the connection before reading the whole body (its right).</summary>
    private static async Task<string> SendAsync(HttpClient http, Uri webhook, byte[] body, bool chunked)
    {
        using HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        // With Content-Length, wait for the server's word before sending (Expect: 100-continue): its 413 then always
        // reaches the client, rather than a reset half-way through the body.
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = content };
        request.Headers.ExpectContinue = !chunked;
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException or SocketException || ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError)
        {
            return "reset";
        }
    }

    /// <summary>A review the webhook would judge, padded to 8 MiB inside the object, so every byte would be parsed.</summary>
    private static byte[] HugeReview()
    {
        var head = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"flood","operation":"CREATE","resource":{"group":"mailshare.io","version":"v1alpha1","resource":"mailservers"},"object":{"padding":" """.TrimEnd();
        const string tail = "\"}}}";
        var body = new byte[BodyBytes];
        Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        body.AsSpan(head.Length, BodyBytes - head.Length - tail.Length).Fill((byte)'x');
        Encoding.ASCII.GetBytes(tail).CopyTo(body, BodyBytes - tail.Length);
        return body;
    }

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient http, Uri webhook) =>
        http.PostAsync(webhook, new StringContent(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"after","operation":"DELETE","resource":{"group":"mailshare.io","version":"v1alpha1","resource":"mailservers"},"name":"example-isp","namespace":"flood"}}""",
            Encoding.UTF8,
            "application/json"));

    /// <summary>
    /// For the record only: VmHWM counts shared library pages that the cgroup (charged to whoever read them first) does
    /// not, so the cgroup's peak is what the limit is judged by.
    /// </summary>
    private static long PeakResidentBytes(int pid) =>
        long.Parse(
            File.ReadAllLines($"/proc/{pid}/status").Single(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(),
            CultureInfo.InvariantCulture) * 1024;

    private static double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);

    /// <summary>A body without Content-Length (Transfer-Encoding: chunked): the server learns its size only by reading it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
