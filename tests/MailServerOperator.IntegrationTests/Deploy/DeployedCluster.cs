using k8s;
using k8s.Models;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// A private control plane holding what <c>kubectl apply -k deploy</c> installs apart from the workloads: the
/// namespace, the CRD, the ServiceAccount and its RBAC (no webhook configuration, whose endpoint does not exist here).
/// Not the shared control plane, because those names are cluster-wide and because the operators under test
/// (<see cref="DeployedOperators"/>) watch every namespace. Also the service account's own kubeconfig, with a token from
/// the TokenRequest API as a pod would mount it.
/// One for the whole run, like <see cref="SharedControlPlane"/>, started on first use and stopped when the test process
/// exits: the RBAC and manifest tests only read it (dry runs, <c>kubectl auth can-i</c>, bindings in namespaces of their
/// own), so they run beside <see cref="DeployedOperators"/> instead of in its queue.
/// </summary>
public sealed class DeployedCluster
{
    private static readonly string[] SetupKinds = ["Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];

    private static readonly Lazy<Task<DeployedCluster>> Instance = new(() => Task.Run(StartAsync));

    private DeployedCluster()
    {
    }

    internal ControlPlane Plane { get; private set; } = null!;

    internal DeployManifests Manifests { get; private set; } = null!;

    /// <summary>A kubeconfig that authenticates as the operator's service account.</summary>
    internal string OperatorKubeconfigPath { get; private set; } = null!;

    /// <summary>The deployed cluster; a start failure is cached, so every test reports the same logs at once.</summary>
    internal static Task<DeployedCluster> GetAsync() => Instance.Value;

    private static async Task<DeployedCluster> StartAsync()
    {
        var cluster = new DeployedCluster { Manifests = await DeployManifests.GetAsync(), Plane = await ControlPlane.StartAsync() };
        try
        {
            await cluster.InstallAsync();
            return cluster;
        }
        catch
        {
            await cluster.Plane.DisposeAsync();
            throw;
        }
    }

    internal KubernetesClientConfiguration CreateOperatorConfiguration() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(OperatorKubeconfigPath);

    /// <summary>kubectl as the admin; fails with kubectl's output unless it exits 0.</summary>
    internal async Task<string> KubectlAsync(IEnumerable<string> arguments, string? standardInput = null) =>
        (await Kubectl.RunAsync(Plane.KubeconfigPath, arguments, standardInput)).EnsureSuccess();

    /// <summary>
    /// <c>kubectl auth can-i REQUEST --as=USER</c>: "yes" or "no" (anything else, an error, fails the test with kubectl's output).
    /// </summary>
    internal async Task<string> CanIAsync(string user, string request)
    {
        var result = await Kubectl.RunAsync(Plane.KubeconfigPath, ["auth", "can-i", .. request.Split(' '), "--as=" + user]);
        var answer = result.StandardOutput.Trim();
        Assert.True(answer is "yes" or "no", result.Describe());
        Assert.Equal(answer == "yes" ? 0 : 1, result.ExitCode);
        return answer;
    }

    /// <summary>The RBAC authorizer learns of new bindings through a watch: waits until it has seen the one that allows this.</summary>
    internal Task WaitUntilAllowedAsync(string user, string request) =>
        Eventually.SucceedsAsync($"{user} to be allowed to {request}", TimeSpan.FromSeconds(30), async () =>
            await CanIAsync(user, request) == "yes" ? null : "not yet");

    private async Task InstallAsync()
    {
        await KubectlAsync(["apply", "-f", "-"], DeployManifests.ToStream(Manifests.OfKind(SetupKinds)));
        await KubectlAsync(["wait", "--for=condition=established", "--timeout=60s", "customresourcedefinition/mailservers.mailshare.io"]);
        await WaitUntilAllowedAsync(DeployManifests.ServiceAccountUser, "list mailservers.mailshare.io -A");
        await WaitUntilAllowedAsync(DeployManifests.ServiceAccountUser, "get leases.coordination.k8s.io/mailserver-operator -n " + DeployManifests.OperatorNamespace);

        var request = await Plane.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["https://kubernetes.default.svc"], ExpirationSeconds = 3600 } },
            DeployManifests.ServiceAccountName,
            DeployManifests.OperatorNamespace);
        OperatorKubeconfigPath = Plane.WriteKubeconfig("kubeconfig-operator", DeployManifests.ServiceAccountName, request.Status.Token);
    }
}
