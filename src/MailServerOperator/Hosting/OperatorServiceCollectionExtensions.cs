using k8s;
using k8s.Models;
using MailServerOperator.Controller;
using MailServerOperator.Informers;
using MailServerOperator.Kubernetes;
using MailServerOperator.Probing;
using MailServerOperator.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailServerOperator.Hosting;

internal static class OperatorServiceCollectionExtensions
{
    /// <summary>The one composition root: used by <c>run</c> and by the integration tests.</summary>
    public static IServiceCollection AddMailServerOperator(this IServiceCollection services, IKubernetes client, OperatorOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(OperatorIdentity.FromEnvironment());
        services.AddSingleton(client);
        services.AddSingleton(options);
        services.AddSingleton(options.Controller);
        services.AddSingleton(options.Queue);
        services.AddSingleton(new ObjectStore<MailServerObject>(o => o.ResourceVersion));
        services.AddSingleton(new ObjectStore<V1Namespace>(n => n.Metadata?.ResourceVersion ?? ""));
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<ManagedNamespaces>();
        services.AddSingleton<DisplayOrderIndex>();
        services.AddSingleton<DeletedBuiltIns>();
        services.AddSingleton<MailServerEventHandler>();
        services.AddSingleton<NamespaceEventHandler>();
        services.AddSingleton<MailServerWriter>();
        services.TryAddSingleton(new EventRecorderOptions());
        services.AddSingleton<EventCorrelator>();
        services.AddSingleton<EventRecorder>();
        services.AddSingleton(options.Verification);
        services.TryAddSingleton<IMailServerProber>(sp => new MailServerProber(
            new ProbeOptions
            {
                Timeout = options.Verification.ProbeTimeout,
                CaBundlePath = options.Verification.CaBundlePath,
                AddressPolicy = ProbeAddressPolicy.PublicOnly(options.Verification.ProbeAllowedNetworks),
            },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProbeCredentialsReader>();
        services.AddSingleton<MailServerVerifier>();
        services.AddSingleton<MailServerReconciler>();
        services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<MailServerReconciler>());
        services.AddSingleton<ReconcileWorkers>();
        services.AddSingleton<OperatorHealth>();
        services.AddHostedService<OperatorService>();
        return services;
    }
}
