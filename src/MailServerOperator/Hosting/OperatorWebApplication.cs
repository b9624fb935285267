using k8s;
using MailServerOperator.Admission;
using MailServerOperator.Certificates;
using MailServerOperator.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MailServerOperator.Hosting;

/// <summary>
/// The process that <c>run</c> starts, also started by the integration tests: the operator, /healthz and /readyz over
/// HTTP with /metrics for Prometheus, and the admission webhook over HTTPS on its own port.
/// </summary>
internal static class OperatorWebApplication
{
    /// <param name="client">The client the operator (and the webhook's certificate management) uses.</param>
    /// <param name="options">The operator's options.</param>
    /// <param name="webhook">The webhook's options; <see cref="WebhookOptions.Enabled"/> false serves no webhook.</param>
    /// <param name="healthBindAddress">Where /healthz and /readyz are served over plain HTTP.</param>
    /// <param name="configureServices">Runs first, so it can replace defaults (a TimeProvider, the identity) in tests.</param>
    public static WebApplication Create(
        IKubernetes client,
        OperatorOptions options,
        WebhookOptions webhook,
        string healthBindAddress,
        Action<IServiceCollection>? configureServices = null)
    {
        var health = BindAddress.Parse(healthBindAddress, "http");
        // No appsettings.json to reload: without this the host watches the working directory for changes, which
        // the e2e benchmark measured at several percent of the operator's CPU where that directory is busy.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddMailServerOperator(client, options);
        if (webhook.Enabled)
        {
            builder.Services.AddAdmissionWebhook(webhook);
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(OperatorTelemetry.Name))
            .WithMetrics(m => m.AddMeter(OperatorTelemetry.Name).AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry.UseOtlpExporter(); // traces and metrics to the collector the standard variables name
        }
        // Each connection buffers at most this much unread input (default 1 MiB): a hundred senders cost a few MiB.
        builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = 64 * 1024);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Only admission reviews have bodies: a small cap, and small read-ahead buffers, bound a flood's memory.
            kestrel.Limits.MaxRequestBodySize = AdmissionEndpoint.MaxBodyBytes;
            kestrel.Limits.MaxRequestBufferSize = 64 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = AdmissionEndpoint.MaxConcurrentReviews * 2;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 128 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 64 * 1024;
            health.Listen(kestrel, _ => { });
            if (webhook.Enabled)
            {
                kestrel.ListenForAdmissionWebhook(webhook);
            }
        });

        var app = builder.Build();
        var operatorHealth = app.Services.GetRequiredService<OperatorHealth>();
        var serving = webhook.Enabled ? app.Services.GetRequiredService<ServingCertificate>() : null;
        // Prometheus scrapes /metrics on the plain-HTTP health port only, never on the webhook's port.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => !context.Request.IsHttps && context.Request.Path == "/metrics");
        app.MapGet("/healthz", () => operatorHealth.Alive ? Results.Text("ok") : Results.StatusCode(500));
        app.MapGet("/readyz", () =>
            !operatorHealth.Synced ? Results.Text("caches not synced yet", statusCode: 503)
            : serving is { Current: null } ? Results.Text("webhook serving certificate not loaded yet", statusCode: 503)
            : Results.Text(operatorHealth.Leading ? "ok: leading" : "ok: standing by"));
        if (webhook.Enabled)
        {
            app.MapAdmissionWebhook();
        }

        return app;
    }
}
