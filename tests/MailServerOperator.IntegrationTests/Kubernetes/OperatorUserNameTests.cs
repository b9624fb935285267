using System.Buffers.Text;
using System.Text;
using k8s;
using k8s.Models;
using MailServerOperator.IntegrationTests.Hosting;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.IntegrationTests.Kubernetes;

/// <summary>
/// How the operator learns its own user name: a SelfSubjectReview where the API server serves one (against a stand-in,
/// since only Kubernetes 1.20 is available here), else its credentials, tried for real against 1.20, which serves none.
/// </summary>
public sealed class OperatorUserNameTests
{
    [Theory]
    [InlineData("v1", 1)]
    [InlineData("v1beta1", 2)]
    [InlineData("v1alpha1", 3)]
    public async Task ResolveAsync_ReviewServed_TheReviewsUserNameAfterOneRequestPerNewerVersion(string served, int requests)
    {
        await using var server = await SelfSubjectReviewServer.StartAsync(new Dictionary<string, (int, string?)> { [served] = (201, "system:serviceaccount:ops:mail-operator") });

        var (user, problem) = await OperatorUserName.ResolveAsync(server.CreateClient(), StaticTokenKubeconfig(server.Uri), CancellationToken.None);

        Assert.Equal(new OperatorUser("system:serviceaccount:ops:mail-operator", $"SelfSubjectReview authentication.k8s.io/{served}"), user);
        Assert.Null(problem);
        Assert.Equal(
            SelfSubjectReview.Versions.Take(requests).Select(v => $"POST /apis/authentication.k8s.io/{v}/selfsubjectreviews authentication.k8s.io/{v} SelfSubjectReview"),
            server.Requests);
    }

    [Fact]
    public async Task ResolveAsync_ReviewForbidden_AsksOnceThenFallsBackToTheCredentialsAndSaysWhy()
    {
        await using var server = await SelfSubjectReviewServer.StartAsync(new Dictionary<string, (int, string?)> { ["v1"] = (403, null), ["v1beta1"] = (201, "never-asked") });

        var (user, problem) = await OperatorUserName.ResolveAsync(server.CreateClient(), JwtKubeconfig(server.Uri, "system:serviceaccount:ops:mail-operator"), CancellationToken.None);

        Assert.Equal(new OperatorUser("system:serviceaccount:ops:mail-operator", "the kubeconfig's token"), user);
        Assert.Equal("SelfSubjectReview answered HTTP 403", problem);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ResolveAsync_ReviewNamesNobody_FallsBackToTheCredentials()
    {
        await using var server = await SelfSubjectReviewServer.StartAsync(new Dictionary<string, (int, string?)> { ["v1"] = (201, "") });

        var (user, problem) = await OperatorUserName.ResolveAsync(server.CreateClient(), StaticTokenKubeconfig(server.Uri), CancellationToken.None);

        Assert.Null(user);
        Assert.Null(problem);
    }

    [Fact]
    public async Task ResolveAsync_Kubernetes120_ServesNoReviewSoTheServiceAccountTokensSubjectIsUsed()
    {
        var plane = await SharedControlPlane.GetAsync();
        var (ns, kubeconfig) = await ServiceAccountKubeconfigAsync(plane, clusterAdmin: true);
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

        var (user, problem) = await OperatorUserName.ResolveAsync(client, kubeconfig, CancellationToken.None);

        // Allowed by RBAC, so each version's 404 says it is not served, and nothing was refused.
        Assert.Equal(new OperatorUser($"system:serviceaccount:{ns}:mail-operator", "the kubeconfig's token"), user);
        Assert.Null(problem);
    }

    [Fact]
    public async Task ResolveAsync_Kubernetes120WithoutPermissions_FallsBackAndSaysTheReviewWasForbidden()
    {
        var plane = await SharedControlPlane.GetAsync();
        var (ns, kubeconfig) = await ServiceAccountKubeconfigAsync(plane, clusterAdmin: false);
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

        var (user, problem) = await OperatorUserName.ResolveAsync(client, kubeconfig, CancellationToken.None);

        Assert.Equal(new OperatorUser($"system:serviceaccount:{ns}:mail-operator", "the kubeconfig's token"), user);
        Assert.Equal("SelfSubjectReview answered HTTP 403", problem);
    }

    [Fact]
    public async Task Run_Kubernetes120WithServiceAccountToken_LogsTheNameAndItsSourceOnce()
    {
        var plane = await SharedControlPlane.GetAsync();
        var (ns, kubeconfig) = await ServiceAccountKubeconfigAsync(plane, clusterAdmin: true);
        await using var run = OperatorProcess.Start(
            "identity-" + ns,
            [
                "run", "--kubeconfig", kubeconfig, "--namespace", ns, "--leader-elect=false", "--disable-verification",
                "--health-probe-bind-address", $"http://127.0.0.1:{LoopbackPorts.Free()}",
                "--webhook-bind-address", $"https://127.0.0.1:{LoopbackPorts.Free()}", "--webhook-service-namespace", ns,
                "--webhook-configuration-name", "mailserver-operator-" + ns,
            ],
            plane.WorkDirectory);

        await run.WaitForLineAsync(l => l.Contains("Caches synced", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "saying the caches synced");
        run.Signal(OperatorProcess.SigTerm);
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = run.Stdout.Select(l => l.Line).Where(l => l.Contains("Operator user name", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains($"Operator user name system:serviceaccount:{ns}:mail-operator (from the kubeconfig's token)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Kubernetes120WithStaticToken_ExitsTwoAskingForTheOption()
    {
        var plane = await SharedControlPlane.GetAsync();
        await using var run = OperatorProcess.Start(
            "identity-static",
            ["run", "--kubeconfig", plane.OperatorKubeconfigPath, "--health-probe-bind-address", $"http://127.0.0.1:{LoopbackPorts.Free()}"],
            plane.WorkDirectory);

        Assert.Equal(2, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(run.Stderr);
        Assert.Equal(
            "run: the webhook lets only the operator change the built-ins, but its user name cannot be learnt (no SelfSubjectReview on this API server) " +
            "or read from these credentials: pass --operator-username (for example system:serviceaccount:NAMESPACE:NAME), or --disable-webhook",
            line.Line);
    }

    /// <summary>A service account <c>mail-operator</c> in a new namespace, its TokenRequest token in a kubeconfig; cluster-admin when asked.</summary>
    private static async Task<(string Namespace, string Kubeconfig)> ServiceAccountKubeconfigAsync(ControlPlane plane, bool clusterAdmin)
    {
        var ns = await plane.CreateNamespaceAsync("identity");
        await plane.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "mail-operator" } }, ns);
        if (clusterAdmin)
        {
            await plane.Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "identity-" + ns },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "mail-operator", NamespaceProperty = ns }],
            });
        }

        var request = await plane.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["https://kubernetes.default.svc"], ExpirationSeconds = 3600 } },
            "mail-operator",
            ns);
        return (ns, plane.WriteKubeconfig($"kubeconfig-identity-{ns}", "mail-operator", request.Status.Token));
    }

    private static string StaticTokenKubeconfig(Uri server) => Kubeconfig(server, "3f1c2b9a0d7e4c5b8a6f1e2d3c4b5a69");

    private static string JwtKubeconfig(Uri server, string subject) =>
        Kubeconfig(server, $"eyJhbGciOiJSUzI1NiJ9.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"sub":"{{subject}}"}"""))}.c2ln");

    private static string Kubeconfig(Uri server, string token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-identity-{Guid.NewGuid():N}");
        File.WriteAllText(path, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "{{{server.AbsoluteUri}}}"}}]
            users: [{name: u, user: {token: "{{{token}}}"}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x

            """);
        return path;
    }
}
