using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s;
using MailServerOperator.Hosting;
using MailServerOperator.Kubernetes;
using MailServerOperator.Tests.Controller;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class EventRecorderTests : IDisposable
{
    private static readonly TimeSpan Term = TimeSpan.FromHours(1); // valid that long without a renewal
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ApiServerStub _api = new();
    private readonly k8s.Kubernetes _client;
    private readonly Leadership _leadership;
    private readonly EventRecorder _recorder;

    public EventRecorderTests()
    {
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, _api);
        _leadership = new Leadership(_time);
        _leadership.Begin(Term);
        _recorder = new EventRecorder(_client, new EventCorrelator(_time, new EventRecorderOptions()), _leadership, new OperatorIdentity("op-1"), NullLogger<EventRecorder>.Instance);
    }

    [Fact]
    public async Task RecordAsync_First_CreatesAnEventAboutTheObject()
    {
        await _recorder.RecordAsync(MailServerObjects.Make("isp", 1), warning: true, "IncomingUnreachable", "Ready=False: timed out", CancellationToken.None);

        var (method, path, body) = Assert.Single(_api.Requests);
        Assert.Equal("POST /apis/events.k8s.io/v1/namespaces/ns/events", $"{method} {path}");
        Assert.Contains("\"reason\":\"IncomingUnreachable\"", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"Warning\"", body, StringComparison.Ordinal);
        Assert.Contains("\"uid\":\"uid-ns-isp\"", body, StringComparison.Ordinal);
        Assert.Contains("\"reportingInstance\":\"op-1\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_Repeated_PatchesTheSeriesOfTheFirst()
    {
        var server = MailServerObjects.Make("isp", 1);
        await _recorder.RecordAsync(server, warning: true, "IncomingUnreachable", "same", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _recorder.RecordAsync(server, warning: true, "IncomingUnreachable", "same", CancellationToken.None);

        Assert.Equal(2, _api.Requests.Count);
        var (method, path, body) = _api.Requests.Last();
        Assert.Equal("PATCH", method);
        Assert.StartsWith("/apis/events.k8s.io/v1/namespaces/ns/events/isp.", path, StringComparison.Ordinal);
        Assert.Equal("{\"series\":{\"count\":2,\"lastObservedTime\":\"2026-12-01T12:00:30.000000Z\"}}", body);
    }

    [Fact]
    public async Task RecordAsync_SeriesEventExpired_CreatesANewOne()
    {
        var server = MailServerObjects.Make("isp", 1);
        await _recorder.RecordAsync(server, warning: false, "Verified", "same", CancellationToken.None);
        _api.PatchStatus = HttpStatusCode.NotFound;

        await _recorder.RecordAsync(server, warning: false, "Verified", "same", CancellationToken.None);

        Assert.Equal(["POST", "PATCH", "POST"], _api.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task RecordAsync_Flapping_RateLimitedPerObject()
    {
        var server = MailServerObjects.Make("isp", 1);
        for (var i = 0; i < 200; i++)
        {
            await _recorder.RecordAsync(server, warning: i % 2 == 0, "Flap", i % 2 == 0 ? "Ready=False" : "Ready=True", CancellationToken.None);
        }

        Assert.Equal(new EventRecorderOptions().Burst, _api.Requests.Count);
    }

    [Fact]
    public async Task RecordAsync_ApiServerRefuses_DoesNotThrow()
    {
        _api.CreateStatus = HttpStatusCode.InternalServerError;

        await _recorder.RecordAsync(MailServerObjects.Make("isp", 1), warning: true, "R", "n", CancellationToken.None);

        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task RecordAsync_TermExpiredByTheClock_RefusedWithoutARequestOrSpendingTheBudget()
    {
        var server = MailServerObjects.Make("isp", 1);
        _time.Advance(Term); // no renewal within the deadline: a deposed (or paused) leader

        for (var i = 0; i < new EventRecorderOptions().Burst + 1; i++)
        {
            await Assert.ThrowsAsync<NotLeaderException>(() => _recorder.RecordAsync(server, warning: true, "IncomingUnreachable", $"Ready=False: {i}", CancellationToken.None));
        }

        Assert.Empty(_api.Requests);
        await _leadership.EndAsync();
        _leadership.Begin(Term); // leading again: the object's budget is whole
        await _recorder.RecordAsync(server, warning: true, "IncomingUnreachable", "Ready=False", CancellationToken.None);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task RecordAsync_LeadershipLostWhileCountingUp_NoNewEventCreated()
    {
        var server = MailServerObjects.Make("isp", 1);
        await _recorder.RecordAsync(server, warning: false, "Verified", "same", CancellationToken.None);
        _api.PatchStatus = HttpStatusCode.NotFound; // the series Event expired: a new one would be created...
        _api.OnPatch = () => _time.Advance(Term); // ...but the term ends during that round trip

        await Assert.ThrowsAsync<NotLeaderException>(() => _recorder.RecordAsync(server, warning: false, "Verified", "same", CancellationToken.None));

        Assert.Equal(["POST", "PATCH"], _api.Requests.Select(r => r.Method));
    }

    public void Dispose()
    {
        _leadership.Dispose();
        _client.Dispose();
    }

    private sealed class ApiServerStub : DelegatingHandler
    {
        public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

        public HttpStatusCode CreateStatus { get; set; } = HttpStatusCode.Created;

        public HttpStatusCode PatchStatus { get; set; } = HttpStatusCode.OK;

        public Action? OnPatch { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, body));
            if (request.Method == HttpMethod.Patch)
            {
                OnPatch?.Invoke();
            }

            var status = request.Method == HttpMethod.Patch ? PatchStatus : CreateStatus;
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(status is HttpStatusCode.OK or HttpStatusCode.Created ? body.StartsWith('{') && body.Contains("\"metadata\"", StringComparison.Ordinal) ? body : "{\"metadata\":{\"name\":\"x\"}}" : "{\"kind\":\"Status\",\"code\":" + (int)status + "}", Encoding.UTF8, "application/json"),
            };
        }
    }
}
