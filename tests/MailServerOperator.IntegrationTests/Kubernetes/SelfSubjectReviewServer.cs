using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailServerOperator.IntegrationTests.Kubernetes;

/// <summary>
/// A plain-HTTP stand-in for a newer API server, answering only <c>POST /apis/authentication.k8s.io/VERSION/selfsubjectreviews</c>
/// as a server serving the versions given to <see cref="StartAsync"/> would (status code, user name); every other path answers
/// 404 like an API server that does not serve it. No newer kube-apiserver is available to the tests.
/// </summary>
internal sealed class SelfSubjectReviewServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SelfSubjectReviewServer(WebApplication app) => this.app = app;

    /// <summary>"POST /apis/..." with the body's apiVersion and kind, in the order received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Uri => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    public static async Task<SelfSubjectReviewServer> StartAsync(IReadOnlyDictionary<string, (int Status, string? UserName)> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SelfSubjectReviewServer(app);
        app.Run(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var sent = body.RootElement;
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {sent.GetProperty("apiVersion").GetString()} {sent.GetProperty("kind").GetString()}");
            var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (context.Request.Method != "POST" || segments is not ["apis", "authentication.k8s.io", var version, "selfsubjectreviews"]
                || !answers.TryGetValue(version, out var answer))
            {
                await Status(context, 404, "NotFound", "the server could not find the requested resource");
                return;
            }

            if (answer.Status != 201)
            {
                await Status(context, answer.Status, "Forbidden", "selfsubjectreviews.authentication.k8s.io is forbidden");
                return;
            }

            context.Response.StatusCode = 201;
            await context.Response.WriteAsJsonAsync(new
            {
                apiVersion = $"authentication.k8s.io/{version}",
                kind = "SelfSubjectReview",
                metadata = new { creationTimestamp = (string?)null },
                status = new { userInfo = new { username = answer.UserName, uid = "7d1c", groups = new[] { "system:authenticated" } } },
            });
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>A client for this server, as an anonymous user (the review needs no credentials here).</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Uri.AbsoluteUri });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static Task Status(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        return context.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code });
    }
}
