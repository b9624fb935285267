using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MailServerOperator.Controller;
using MailServerOperator.Hosting;
using MailServerOperator.Informers;
using MailServerOperator.Tests.Kubernetes;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Hosting;

public sealed class InformerCachesTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeApiServer _api = new();
    private readonly Leadership _leadership;
    private readonly OperatorHealth _health;
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly WorkQueue _queue;
    private readonly InformerCaches _caches;

    public InformerCachesTests()
    {
        _leadership = new Leadership(_time);
        _health = new OperatorHealth(_leadership);
        _queue = new WorkQueue(_time, new WorkQueueOptions());
        var servers = new ObjectStore<MailServerObject>(o => o.ResourceVersion);
        var serverEvents = new MailServerEventHandler(_queue, servers, new DisplayOrderIndex(), new DeletedBuiltIns(), new ControllerOptions(), _time);
        _caches = new InformerCaches(
            _api.Client(), new OperatorOptions { Namespaces = ["ns"] }, servers, new ObjectStore<V1Namespace>(n => n.Metadata.ResourceVersion),
            serverEvents, new NamespaceEventHandler(serverEvents), _health, new FatalError(_health, _lifetime), _time, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task ExecuteAsync_ListForbidden_FatalAtOnceWithTheServersReason()
    {
        _api.Otherwise = HttpStatusCode.Forbidden;

        await _caches.StartAsync(CancellationToken.None);
        await _lifetime.ApplicationStopping.WaitForCancellationAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("not allowed to list mailservers in ns: HTTP 403 Forbidden: Forbidden from the test", _health.Failure);
        Assert.False(_health.Synced);
    }

    [Fact]
    public async Task ExecuteAsync_ApiServerUnreachable_FatalOnceTheStartupTimeoutPasses()
    {
        _api.Unreachable = new HttpRequestException("Connection refused (api.test:443)", new SocketException((int)SocketError.ConnectionRefused));
        await _caches.StartAsync(CancellationToken.None);
        while (_api.Requests.Count == 0)
        {
            await Task.Delay(10); // the first list: the start-up deadline is running
        }

        var started = _time.GetUtcNow();
        for (var i = 0; i < 44; i++)
        {
            await Task.Delay(20); // the reflector's retries run on the same clock
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null(_health.Failure); // 44 s on the injected clock: before the deadline, however slow the machine
        _time.Advance(TimeSpan.FromSeconds(1));
        await _lifetime.ApplicationStopping.WaitForCancellationAsync(TimeSpan.FromSeconds(10)); // the deadline of 45 s, and only it, ends the start-up
        Assert.Equal("the caches did not sync within 45 s: mailservers in ns: connection refused (api.test:443)", _health.Failure);
    }

    [Fact]
    public async Task ExecuteAsync_Listed_MarksSyncedAndQueuesNothingBeforeLeading()
    {
        _api.Respond(HttpStatusCode.OK, """{"apiVersion":"mailshare.io/v1alpha1","kind":"MailServerList","metadata":{"resourceVersion":"5"},"items":[]}""");
        _api.Otherwise = HttpStatusCode.GatewayTimeout; // the watch

        await _caches.StartAsync(CancellationToken.None);
        await _health.WhenSynced.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(_health.Failure);
        Assert.Equal(0, _queue.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _caches.StopAsync(CancellationToken.None);
        _caches.Dispose();
        _queue.Dispose();
        _leadership.Dispose();
        _api.Dispose();
    }
}
