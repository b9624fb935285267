using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The RBAC of deploy/, applied to a real API server and asked with <c>kubectl auth can-i --as</c>: the operator's
/// service account may do what the operator does, and nothing else.
/// </summary>
public sealed class RbacTests : IAsyncLifetime
{
    private const string Tenant = "mail-share";

    private DeployedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DeployedCluster.GetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("list mailservers.mailshare.io -A")]
    [InlineData("watch mailservers.mailshare.io -A")]
    [InlineData("get mailservers.mailshare.io -n mail-share")]
    [InlineData("create mailservers.mailshare.io -n mail-share")]
    [InlineData("patch mailservers.mailshare.io/gmail -n mail-share")]
    [InlineData("update mailservers.mailshare.io/exchange-online -n mail-share")]
    [InlineData("patch mailservers.mailshare.io --subresource=status -n mail-share")]
    [InlineData("list namespaces")]
    [InlineData("watch namespaces")]
    [InlineData("create events.events.k8s.io -n mail-share")]
    [InlineData("create subjectaccessreviews.authorization.k8s.io")]
    [InlineData("create leases.coordination.k8s.io -n mailserver-operator-system")]
    [InlineData("get leases.coordination.k8s.io/mailserver-operator -n mailserver-operator-system")]
    [InlineData("update leases.coordination.k8s.io/mailserver-operator -n mailserver-operator-system")]
    [InlineData("patch leases.coordination.k8s.io/mailserver-operator -n mailserver-operator-system")]
    [InlineData("create secrets -n mailserver-operator-system")]
    [InlineData("get secrets/mailserver-operator-webhook-tls -n mailserver-operator-system")]
    [InlineData("update secrets/mailserver-operator-webhook-tls -n mailserver-operator-system")]
    [InlineData("get secrets/mailserver-operator-webhook-ca -n mailserver-operator-system")]
    [InlineData("update secrets/mailserver-operator-webhook-ca -n mailserver-operator-system")]
    [InlineData("get validatingwebhookconfigurations.admissionregistration.k8s.io/mailserver-operator")]
    [InlineData("patch validatingwebhookconfigurations.admissionregistration.k8s.io/mailserver-operator")]
    public async Task ServiceAccount_WhatTheOperatorDoes_IsAllowed(string request) =>
        Assert.Equal("yes", await CanIAsync(DeployManifests.ServiceAccountUser, request));

    [Theory]
    [InlineData("get secrets/example-isp-probe -n mail-share")] // only where a tenant binding allows it
    [InlineData("get secrets/default-token -n kube-system")]
    [InlineData("list secrets -n mail-share")]
    [InlineData("watch secrets -A")]
    [InlineData("list secrets -n mailserver-operator-system")]
    [InlineData("create secrets -n mail-share")]
    [InlineData("update secrets/example-isp-probe -n mail-share")]
    [InlineData("update secrets/some-other-secret -n mailserver-operator-system")]
    [InlineData("delete secrets/mailserver-operator-webhook-tls -n mailserver-operator-system")]
    [InlineData("delete mailservers.mailshare.io/gmail -n mail-share")]
    [InlineData("delete mailservers.mailshare.io/example-isp -n mail-share")]
    [InlineData("deletecollection mailservers.mailshare.io -n mail-share")]
    [InlineData("patch mailservers.mailshare.io/example-isp -n mail-share")]
    [InlineData("update mailservers.mailshare.io/example-isp -n mail-share")]
    [InlineData("update mailservers.mailshare.io --subresource=status -n mail-share")]
    [InlineData("create deployments.apps -n mail-share")]
    [InlineData("update configmaps -n mail-share")]
    [InlineData("create pods -n mailserver-operator-system")]
    [InlineData("create events -n mail-share")]
    [InlineData("get namespaces/kube-system")]
    [InlineData("create namespaces")]
    [InlineData("delete namespaces/mail-share")]
    [InlineData("patch validatingwebhookconfigurations.admissionregistration.k8s.io/another-webhook")]
    [InlineData("list validatingwebhookconfigurations.admissionregistration.k8s.io")]
    [InlineData("delete validatingwebhookconfigurations.admissionregistration.k8s.io/mailserver-operator")]
    [InlineData("patch mutatingwebhookconfigurations.admissionregistration.k8s.io/mailserver-operator")]
    [InlineData("create leases.coordination.k8s.io -n mail-share")]
    [InlineData("update leases.coordination.k8s.io/another-lease -n mailserver-operator-system")]
    [InlineData("update customresourcedefinitions.apiextensions.k8s.io/mailservers.mailshare.io")]
    [InlineData("create clusterrolebindings.rbac.authorization.k8s.io")]
    [InlineData("bind clusterroles.rbac.authorization.k8s.io")]
    [InlineData("impersonate users")]
    [InlineData("get nodes")]
    [InlineData("* *")]
    public async Task ServiceAccount_AnythingElse_IsDenied(string request) =>
        Assert.Equal("no", await CanIAsync(DeployManifests.ServiceAccountUser, request));

    [Theory]
    [InlineData("mailserver-viewer", "get mailservers.mailshare.io -n mail-share", "yes")]
    [InlineData("mailserver-viewer", "watch mailservers.mailshare.io -n mail-share", "yes")]
    [InlineData("mailserver-viewer", "create mailservers.mailshare.io -n mail-share", "no")]
    [InlineData("mailserver-editor", "create mailservers.mailshare.io -n mail-share", "yes")]
    [InlineData("mailserver-editor", "delete mailservers.mailshare.io/example-isp -n mail-share", "yes")]
    [InlineData("mailserver-editor", "patch mailservers.mailshare.io --subresource=status -n mail-share", "no")]
    [InlineData("mailserver-editor", "get secrets -n mail-share", "no")]
    public async Task UserRole_BoundInANamespace_GrantsMailServersButNeverStatusWrites(string role, string request, string expected)
    {
        var user = "user-of-" + role;
        await EnsureNamespaceAsync(Tenant);
        await _cluster.KubectlAsync(["apply", "-f", "-"], $$"""
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "{{user}}", "namespace": "{{Tenant}}"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "{{role}}"},
             "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "{{user}}"}]}
            """);
        await _cluster.WaitUntilAllowedAsync(user, "get mailservers.mailshare.io -n " + Tenant);

        Assert.Equal(expected, await CanIAsync(user, request));
    }

    [Fact]
    public async Task TenantTemplate_AppliedInOneNamespace_GrantsGetOfItsSecretsThereOnly()
    {
        await EnsureNamespaceAsync("tenant-with-binding");
        await EnsureNamespaceAsync("tenant-without");
        await _cluster.KubectlAsync(["-n", "tenant-with-binding", "apply", "-f", Path.Combine(RepositoryRoot.Path, "deploy", "tenant", "probe-credentials.yaml")]);
        await _cluster.WaitUntilAllowedAsync(DeployManifests.ServiceAccountUser, "get secrets/probe -n tenant-with-binding");

        Assert.Equal("no", await CanIAsync(DeployManifests.ServiceAccountUser, "get secrets/probe -n tenant-without"));
        Assert.Equal("no", await CanIAsync(DeployManifests.ServiceAccountUser, "list secrets -n tenant-with-binding"));
        Assert.Equal("no", await CanIAsync(DeployManifests.ServiceAccountUser, "watch secrets -n tenant-with-binding"));
        Assert.Equal("no", await CanIAsync(DeployManifests.ServiceAccountUser, "update secrets/probe -n tenant-with-binding"));
    }

    [Fact]
    public async Task ClusterWideSecretsAddOn_BindsGetOnlyToTheServiceAccountAndPassesADryRun()
    {
        var yaml = (await Kubectl.RunAsync(null, ["kustomize", Path.Combine(RepositoryRoot.Path, "deploy", "cluster-wide-secrets")])).EnsureSuccess();
        var objects = ManifestReader.ReadText("cluster-wide-secrets", yaml).Documents.Select(document => document.Content).ToList();

        var role = Assert.Single(objects, o => DeployManifests.KindOf(o) == "ClusterRole");
        var rule = Assert.Single(role.GetProperty("rules").EnumerateArray());
        Assert.Equal(["get"], rule.GetProperty("verbs").EnumerateArray().Select(verb => verb.GetString()));
        Assert.Equal(["secrets"], rule.GetProperty("resources").EnumerateArray().Select(resource => resource.GetString()));
        var binding = Assert.Single(objects, o => DeployManifests.KindOf(o) == "ClusterRoleBinding");
        var subject = Assert.Single(binding.GetProperty("subjects").EnumerateArray());
        Assert.Equal((DeployManifests.ServiceAccountName, DeployManifests.OperatorNamespace), (subject.GetProperty("name").GetString(), subject.GetProperty("namespace").GetString()));
        await _cluster.KubectlAsync(["apply", "--dry-run=server", "-f", "-"], yaml);
        Assert.DoesNotContain(
            (await DeployManifests.GetAsync()).OfKind("ClusterRoleBinding"),
            o => DeployManifests.NameOf(o) == DeployManifests.NameOf(binding));
    }

    [Fact]
    public async Task OperatorRoles_NoRule_UsesAWildcard()
    {
        var manifests = await DeployManifests.GetAsync();
        var roles = manifests.OfKind("ClusterRole", "Role").Where(role => DeployManifests.NameOf(role).StartsWith("mailserver-operator", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(roles);
        Assert.All(
            roles.SelectMany(role => role.GetProperty("rules").EnumerateArray()),
            rule => Assert.DoesNotContain(
                "*",
                new[] { "apiGroups", "resources", "verbs" }.SelectMany(field => rule.GetProperty(field).EnumerateArray().Select(value => value.GetString()))));
    }

    private Task<string> CanIAsync(string user, string request) => _cluster.CanIAsync(user, request);

    private async Task EnsureNamespaceAsync(string name)
    {
        var existing = await Kubectl.RunAsync(_cluster.Plane.KubeconfigPath, ["get", "namespace", name, "-o", "name"]);
        if (existing.ExitCode != 0)
        {
            await _cluster.KubectlAsync(["create", "namespace", name]);
        }
    }
}
