using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Telemetry;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>The webhook as kubectl meets it: the real apiserver calls it over HTTPS with the caBundle the operator published.</summary>
public sealed class AdmissionWebhookTests(AdmissionWebhookFixture fixture, ITestOutputHelper output) : IClassFixture<AdmissionWebhookFixture>
{
    private const int MeasuredCreates = 41;

    private const string DeniedPrefix = $"admission webhook \"{WebhookOperator.WebhookName}\" denied the request: ";

    private const string LeaveOnServerWarning =
        "spec.incoming.retention.leaveOnServer: leaveOnServer: true is not recommended: fetched mail stays on the server and the mailbox keeps growing";

    [Fact]
    public async Task Create_CrossFieldError_RefusedWithTheFieldAddressedMessage()
    {
        var body = InNamespace(MailServers.Pop3("clear-on-implicit-port", order: 5), fixture.Unmanaged);
        body["spec"]!["incoming"]!["tls"] = "None"; // on 995: can never connect, and the CRD schema cannot say so

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(fixture.Admin, body));

        var status = ApiStatus.From(ex);
        Assert.Equal(422, status.Code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(
            DeniedPrefix + "spec.incoming.tls: tls: None can never connect to port 995, where the server starts TLS at once: set tls: Implicit, or use port 110 for a plain-text connection",
            status.Message);
        Assert.Equal(["spec.incoming.tls"], status.CauseFields);
    }

    [Fact]
    public async Task Create_ValidWithWarnings_AcceptedAndWarningsReachTheClient()
    {
        var body = InNamespace(MailServers.Pop3("keeps-mail", order: 6), fixture.Unmanaged);
        body["spec"]!["incoming"]!["retention"] = new JsonObject { ["leaveOnServer"] = true };

        using var response = await CustomObjectRequests.CreateForResponseAsync(
            fixture.Admin, body, MailServer.Group, MailServer.Version, fixture.Unmanaged, MailServer.Plural);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([LeaveOnServerWarning], ResponseWarnings.Of(response));
    }

    [Fact]
    public async Task Create_ReservedNameByAnyoneButTheOperator_Refused()
    {
        var body = InNamespace(MailServers.Pop3(ReservedMailServerNames.ExchangeOnline, order: null), fixture.Unmanaged);

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(fixture.Admin, body));

        var status = ApiStatus.From(ex);
        Assert.Equal(422, status.Code);
        Assert.Equal(["metadata.name"], status.CauseFields);
        Assert.Equal(
            DeniedPrefix + "metadata.name: \"exchange-online\" is reserved for the built-in entry that the operator creates in every namespace; choose another name",
            status.Message);
        Assert.Null(await new MailServers(fixture.Admin, fixture.Unmanaged).GetAsync(ReservedMailServerNames.ExchangeOnline));
    }

    [Fact]
    public async Task Delete_BuiltInByAdmin_RefusedAndTheBuiltInStays()
    {
        var servers = new MailServers(fixture.Admin, fixture.Managed);
        var before = await servers.GetAsync(ReservedMailServerNames.Gmail);

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => servers.DeleteAsync(ReservedMailServerNames.Gmail));

        var status = ApiStatus.From(ex);
        Assert.Equal(403, status.Code);
        Assert.Equal("Forbidden", status.Reason);
        Assert.StartsWith(DeniedPrefix + "\"gmail\" is a built-in mail server", status.Message, StringComparison.Ordinal);
        Assert.Equal(before!.Metadata.Uid, (await servers.GetAsync(ReservedMailServerNames.Gmail))?.Metadata.Uid);
    }

    [Fact]
    public async Task Update_BuiltInSpecByAdmin_Refused()
    {
        var servers = new MailServers(fixture.Admin, fixture.Managed);

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() =>
            servers.MergePatchAsync(ReservedMailServerNames.ExchangeOnline, new { spec = new { displayName = "Not Exchange" } }));

        var status = ApiStatus.From(ex);
        Assert.Equal(403, status.Code);
        Assert.StartsWith(DeniedPrefix + "spec: \"exchange-online\" is a built-in mail server", status.Message, StringComparison.Ordinal);
        Assert.Equal("Exchange Online", (await servers.GetAsync(ReservedMailServerNames.ExchangeOnline))?.Spec?.DisplayName);
    }

    [Fact]
    public async Task Update_BuiltInAnnotationByAdmin_Allowed()
    {
        var servers = new MailServers(fixture.Admin, fixture.Managed);

        await servers.MergePatchAsync(ReservedMailServerNames.Gmail, new { metadata = new { annotations = new Dictionary<string, string> { ["example.com/owner"] = "platform" } } });

        Assert.Equal("platform", (await servers.GetAsync(ReservedMailServerNames.Gmail))?.Metadata.Annotations?["example.com/owner"]);
    }

    [Fact]
    public async Task Update_BuiltInSpecByTheOperatorsServiceAccount_Allowed()
    {
        var patch = JsonSerializer.Serialize(new { spec = new { displayName = "Gmail (changed by the operator)" } });

        var result = (JsonElement)await fixture.OperatorClient.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), MailServer.Group, MailServer.Version, fixture.Managed, MailServer.Plural, ReservedMailServerNames.Gmail);

        Assert.Equal("Gmail (changed by the operator)", result.GetProperty("spec").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Post_MalformedReview_Answers400WithTheReasonOverTheCaBundlesTls()
    {
        var caBundle = (await fixture.Webhook.ReadConfigurationAsync()).Webhooks.Single().ClientConfig.CaBundle;
        using var http = WebhookClient.TrustingOnly(caBundle);

        using var notJson = await http.PostAsync(fixture.Webhook.Url, new StringContent("not json", Encoding.UTF8, "application/json"));
        using var oldVersion = await http.PostAsync(fixture.Webhook.Url, new StringContent(
            """{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"1","operation":"CREATE"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var notJsonText = await notJson.Content.ReadAsStringAsync();
        Assert.StartsWith("not an AdmissionReview: ", notJsonText, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", notJsonText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, oldVersion.StatusCode);
        Assert.StartsWith("apiVersion: must be admission.k8s.io/v1", await oldVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_ReadyOnceServingAndReviewsAnsweredOnlyOverHttps()
    {
        using var http = new HttpClient();
        var review = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"DELETE","name":"gmail"}}""";

        using var ready = await http.GetAsync(new Uri(fixture.Webhook.HealthUrl, "/readyz"));
        using var plain = await http.PostAsync(new Uri(fixture.Webhook.HealthUrl, WebhookOptions.Path), new StringContent(review, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("ok", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
    }

    /// <summary>
    /// What the webhook adds to a create, as a client of the apiserver sees it: the same creates, interleaved, into a
    /// namespace the webhook judges and one it does not; and the webhook's own handling time. Numbers go to the test
    /// output (dotnet test --logger "console;verbosity=detailed"). Every create carries a warning-worthy setting, so the
    /// warnings prove which creates the webhook judged: all of one namespace's, none of the other's.
    /// </summary>
    [Fact]
    public async Task Create_LatencyWithAndWithoutTheWebhook_EveryJudgedCreateWarnedAndReported()
    {
        var plain = await fixture.Plane.CreateNamespaceAsync("webhook-none");
        var handling = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OperatorTelemetry.Name && instrument.Name == "mailserver_operator_admission_duration_seconds")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (handling)
            {
                handling.Add(seconds * 1000);
            }
        });
        listener.Start();

        var withWebhook = new List<double>();
        var withoutWebhook = new List<double>();
        for (var i = -3; i < MeasuredCreates; i++)
        {
            if (i == 0)
            {
                lock (handling)
                {
                    handling.Clear(); // the warm-up's JIT is not what a webhook costs
                }
            }

            var (judged, judgedWarnings) = await TimeCreateAsync(fixture.Unmanaged, $"latency-{i + 3}");
            var (unjudged, unjudgedWarnings) = await TimeCreateAsync(plain, $"latency-{i + 3}");
            Assert.Equal([LeaveOnServerWarning], judgedWarnings);
            Assert.Empty(unjudgedWarnings);
            if (i >= 0)
            {
                withWebhook.Add(judged);
                withoutWebhook.Add(unjudged);
            }
        }

        listener.Dispose();
        output.WriteLine(Summary("create through the apiserver, with the webhook", withWebhook));
        output.WriteLine(Summary("create through the apiserver, without a webhook", withoutWebhook));
        lock (handling)
        {
            output.WriteLine(Summary("the webhook's own handling (read, validate, answer; any webhook in this process)", handling));
        }
    }

    private async Task<(double Milliseconds, IReadOnlyList<string> Warnings)> TimeCreateAsync(string @namespace, string name)
    {
        var body = InNamespace(MailServers.Pop3(name, order: 7), @namespace);
        body["spec"]!["incoming"]!["retention"] = new JsonObject { ["leaveOnServer"] = true };
        var started = Stopwatch.GetTimestamp();
        using var response = await CustomObjectRequests.CreateForResponseAsync(
            fixture.Admin, body, MailServer.Group, MailServer.Version, @namespace, MailServer.Plural);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, ResponseWarnings.Of(response));
    }

    private static string Summary(string what, List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: median {sorted[sorted.Count / 2]:0.0} ms, p90 {sorted[sorted.Count * 9 / 10]:0.0} ms, max {sorted[^1]:0.0} ms over {sorted.Count}");
    }

    private static JsonObject InNamespace(JsonObject body, string @namespace)
    {
        body["metadata"]!["namespace"] = @namespace;
        if (body["spec"] is JsonObject spec && spec["order"] is null)
        {
            spec.Remove("order");
        }

        return body;
    }

    private static Task<JsonElement> CreateAsync(IKubernetes client, JsonObject body) =>
        CustomObjectRequests.CreateAsync(client, body, MailServer.Group, MailServer.Version, body["metadata"]!["namespace"]!.GetValue<string>(), MailServer.Plural);
}
