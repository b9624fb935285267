using System.Reflection;
using k8s;
using k8s.Exceptions;
using MailServerOperator.Hosting;

namespace MailServerOperator.Kubernetes;

internal static class KubernetesClientFactory
{
    /// <summary>
    /// From the given kubeconfig, else $KUBECONFIG or ~/.kube/config, else the in-cluster service account. Requests carry
    /// <c>User-Agent: mailserver-operator/VERSION (IDENTITY)</c>, so the API server's audit log tells instances apart.
    /// </summary>
    /// <exception cref="OperatorStartException">No usable configuration; the message says which and why in one line.</exception>
    public static IKubernetes Create(string? kubeconfigPath, string identity)
    {
        var config = Configuration(kubeconfigPath);
        return new k8s.Kubernetes(config, new UserAgentHandler($"mailserver-operator/{Version} ({identity})"));
    }

    private static string Version =>
        typeof(KubernetesClientFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static KubernetesClientConfiguration Configuration(string? kubeconfigPath)
    {
        if (kubeconfigPath is null && KubernetesClientConfiguration.IsInCluster())
        {
            return Read("the in-cluster service account", KubernetesClientConfiguration.InClusterConfig);
        }

        var path = kubeconfigPath
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0)
            ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
        var origin = kubeconfigPath is not null ? "--kubeconfig" : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } ? "$KUBECONFIG" : "the default location";
        var what = $"kubeconfig {path} ({origin})";
        if (!File.Exists(path))
        {
            throw new OperatorStartException($"{what} does not exist; pass --kubeconfig, set $KUBECONFIG, or run in a cluster");
        }

        if (string.IsNullOrWhiteSpace(File.ReadAllText(path)))
        {
            throw new OperatorStartException($"{what} is empty");
        }

        return Read(what, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
    }

    private static KubernetesClientConfiguration Read(string what, Func<KubernetesClientConfiguration> read)
    {
        KubernetesClientConfiguration config;
        try
        {
            config = read();
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new OperatorStartException($"cannot use {what}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is NullReferenceException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            // KubernetesClient dereferences missing sections (no clusters, no contexts, no current-context) without a check.
            throw new OperatorStartException($"cannot use {what}: it lacks a cluster, user or current context", ex);
        }

        if (string.IsNullOrEmpty(config.Host))
        {
            throw new OperatorStartException($"cannot use {what}: it names no API server");
        }

        return config;
    }
}
