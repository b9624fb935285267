using System.Diagnostics;
using k8s;
using MailServerOperator.Hosting;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>The operator, composed exactly as <c>run</c> composes it, running in-process against a test control plane.</summary>
internal sealed class OperatorInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private OperatorInstance(IHost host, RequestCounter requests, OperatorHealth health, LogRecorder logs, ActivityTraceId trace)
    {
        _host = host;
        Requests = requests;
        Health = health;
        Logs = logs;
        Trace = trace;
    }

    public RequestCounter Requests { get; }

    /// <summary>Every line this instance logged.</summary>
    public LogRecorder Logs { get; }

    public OperatorHealth Health { get; }

    /// <summary>
    /// The trace of every span this instance makes: its host starts inside an activity of its own, which its services'
    /// work inherits, so that spans tell apart instances of one test process (a standby and the leader it replaces).
    /// </summary>
    public ActivityTraceId Trace { get; }

    /// <summary>The operator's services, for tests that observe its internals (its cache, say).</summary>
    public IServiceProvider Services => _host.Services;

    public static Task<OperatorInstance> StartAsync(ControlPlane plane, Action<OperatorOptions> configure, string identity = "test-operator") =>
        StartAsync(plane.CreateAdminConfiguration(), configure, identity);

    /// <summary>Runs the operator with the credentials of <paramref name="configuration"/>, e.g. its service account's.</summary>
    public static async Task<OperatorInstance> StartAsync(KubernetesClientConfiguration configuration, Action<OperatorOptions> configure, string identity)
    {
        var requests = new RequestCounter();
        var client = new k8s.Kubernetes(configuration, requests);
        var options = new OperatorOptions { LeaderElection = { Enabled = false } };
        configure(options);
        var builder = Host.CreateApplicationBuilder();
        var logs = new LogRecorder();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogRecorder>(null, LogLevel.Trace);
        builder.Services.AddSingleton(new OperatorIdentity(identity));
        builder.Services.AddMailServerOperator(client, options);
        var host = builder.Build();
        Activity.Current = null; // a trace of its own, whatever the caller's
        using var instance = new Activity("operator " + identity).Start();
        await host.StartAsync();
        return new OperatorInstance(host, requests, host.Services.GetRequiredService<OperatorHealth>(), logs, instance.TraceId);
    }

    public static Task<OperatorInstance> StartInNamespaceAsync(ControlPlane plane, string @namespace) =>
        StartAsync(plane, o => o.Namespaces = [@namespace]);

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
