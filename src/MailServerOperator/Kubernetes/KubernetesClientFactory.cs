using k8s;

namespace MailServerOperator.Kubernetes;

internal static class KubernetesClientFactory
{
    /// <summary>From the given kubeconfig, else $KUBECONFIG or ~/.kube/config, else the in-cluster service account.</summary>
    public static IKubernetes Create(string? kubeconfigPath)
    {
        var config = kubeconfigPath is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath)
            : KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile();
        return new k8s.Kubernetes(config);
    }
}
