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
        services.AddSingleton<IResourceEventHandler<MailServerObject>>(sp => sp.GetRequiredService<MailServerEventHandler>());
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
        services.AddSingleton<VerificationCompleted>(sp => sp.GetRequiredService<WorkQueue>().Add);
        services.AddSingleton<MailServerVerifier>();
        services.AddHostedService<ProbeSecretMonitor>();
        services.AddSingleton<MailServerReconciler>();
        services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<MailServerReconciler>());
        services.AddSingleton<ReconcileWorkers>();
        services.AddSingleton<OperatorHealth>();
        services.AddSingleton<FatalError>();
        services.AddLeadership(options.LeaderElection);

        // Hosted services stop in reverse order: the workers first (while the Lease is still renewed), then the
        // elector (which releases the Lease), then the caches.
        services.AddHostedService<InformerCaches>();
        if (options.LeaderElection.Enabled)
        {
            services.AddHostedService<LeaderElectionService>();
        }

        services.AddHostedService<ReconcileService>();
        return services;
    }

    private static void AddLeadership(this IServiceCollection services, LeaderElectionOptions election)
    {
        services.AddSingleton(election);
        if (!election.Enabled)
        {
            services.AddSingleton(sp => Leadership.Unconditional(sp.GetRequiredService<TimeProvider>()));
            return;
        }

        services.AddSingleton<Leadership>();
        services.TryAddSingleton<ILeaseApi, KubernetesLeaseApi>();
        services.AddSingleton(sp => new LeaseElector(
            sp.GetRequiredService<ILeaseApi>(), election, sp.GetRequiredService<OperatorIdentity>().Name, sp.GetRequiredService<TimeProvider>()));
    }
}
