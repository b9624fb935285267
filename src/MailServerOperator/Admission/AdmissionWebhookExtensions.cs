using System.Security.Authentication;
using MailServerOperator.Certificates;
using MailServerOperator.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailServerOperator.Admission;

internal static class AdmissionWebhookExtensions
{
    /// <summary>The webhook's services: the endpoint and where its serving certificate comes from.</summary>
    public static IServiceCollection AddAdmissionWebhook(this IServiceCollection services, WebhookOptions options)
    {
        if (string.IsNullOrEmpty(options.OperatorUserName))
        {
            throw new ArgumentException("the webhook needs the operator's own user name, to let it (and only it) change the built-ins", nameof(options));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ServingCertificate>();
        services.AddSingleton<AdmissionEndpoint>();
        services.AddSingleton<AdmissionReviewer>();
        services.TryAddSingleton<ISecretAccessReview, KubernetesSecretAccessReview>();
        if (options.CertificateDirectory is null)
        {
            services.AddSingleton<ICertificateSecretStore, KubernetesCertificateSecretStore>();
            services.AddSingleton<ICaBundlePublisher, WebhookConfigurationCaBundle>();
            services.AddHostedService<SelfSignedCertificateService>();
        }
        else
        {
            services.AddHostedService<CertificateDirectoryService>();
        }

        return services;
    }

    /// <summary>
    /// HTTPS (TLS 1.2 or 1.3 only) on <see cref="WebhookOptions.BindAddress"/>, with whatever certificate is current at
    /// each handshake; connections beyond <see cref="WebhookOptions.MaxConnections"/> are closed before their handshake.
    /// </summary>
    public static void ListenForAdmissionWebhook(this KestrelServerOptions kestrel, WebhookOptions options)
    {
        var serving = kestrel.ApplicationServices.GetRequiredService<ServingCertificate>();
        var open = 0;
        BindAddress.Parse(options.BindAddress, "https").Listen(kestrel, listen =>
        {
            listen.Use(next => async connection =>
            {
                if (Interlocked.Increment(ref open) > options.MaxConnections)
                {
                    Interlocked.Decrement(ref open);
                    connection.Abort();
                    return;
                }

                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                }
            });
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => serving.Current,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                HandshakeTimeout = TimeSpan.FromSeconds(10),
            });
        });
    }

    public static IEndpointConventionBuilder MapAdmissionWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(WebhookOptions.Path, (HttpContext context, AdmissionEndpoint endpoint) => endpoint.HandleAsync(context));
}
