using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>What <c>kubectl kustomize deploy</c> renders, checked against the operator's command line and the API server.</summary>
public sealed class ManifestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DeployedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DeployedCluster.GetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private DeployManifests Manifests => _cluster.Manifests;

    private JsonElement PodSpec => Manifests.Deployment.GetProperty("spec").GetProperty("template").GetProperty("spec");

    [Fact]
    public void Deployment_Pod_MeetsTheRestrictedPodSecurityStandardWithAReadOnlyRoot()
    {
        var pod = PodSpec;
        var container = Manifests.OperatorContainer.GetProperty("securityContext");

        Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.Equal("RuntimeDefault", pod.GetProperty("securityContext").GetProperty("seccompProfile").GetProperty("type").GetString());
        Assert.False(container.GetProperty("allowPrivilegeEscalation").GetBoolean());
        Assert.True(container.GetProperty("readOnlyRootFilesystem").GetBoolean());
        Assert.Equal(["ALL"], container.GetProperty("capabilities").GetProperty("drop").EnumerateArray().Select(c => c.GetString()));
        Assert.False(container.GetProperty("capabilities").TryGetProperty("add", out _));
        Assert.False(container.TryGetProperty("privileged", out _));
        foreach (var hostAccess in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            Assert.False(pod.TryGetProperty(hostAccess, out _), hostAccess);
        }

        Assert.All(pod.GetProperty("volumes").EnumerateArray(), volume => Assert.True(volume.TryGetProperty("emptyDir", out _), volume.GetRawText()));
        Assert.Equal(DeployManifests.ServiceAccountName, pod.GetProperty("serviceAccountName").GetString());
    }

    [Fact]
    public void Deployment_Container_HasRequestsAndLimitsForCpuAndMemory()
    {
        var resources = Manifests.OperatorContainer.GetProperty("resources");

        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(resources.GetProperty(kind).TryGetProperty(resource, out _), $"resources.{kind}.{resource}");
            }
        }
    }

    [Fact]
    public void Deployment_Args_AreARunCommandLineThatElectsALeader()
    {
        var parse = OperatorCommandLine.Build().Parse(DeploymentArguments());

        Assert.Empty(parse.Errors);
        Assert.Equal("run", parse.CommandResult.Command.Name);
        Assert.True(parse.GetValue<bool>("--leader-elect"));
        Assert.True(Manifests.Deployment.GetProperty("spec").GetProperty("replicas").GetInt32() >= 2);
        var env = Manifests.OperatorContainer.GetProperty("env").EnumerateArray()
            .Where(e => e.TryGetProperty("valueFrom", out _))
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("metadata.name", env["POD_NAME"]);
    }

    [Fact]
    public void Deployment_Probes_AskTheHealthEndpointsOnThePortTheOperatorBinds()
    {
        var bound = new Uri(OperatorCommandLine.Build().Parse(DeploymentArguments()).GetValue<string>("--health-probe-bind-address")!);
        var container = Manifests.OperatorContainer;

        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz") })
        {
            var httpGet = container.GetProperty(probe).GetProperty("httpGet");
            Assert.Equal(path, httpGet.GetProperty("path").GetString());
            Assert.Equal(bound.Port, ContainerPort(httpGet.GetProperty("port")));
        }
    }

    [Fact]
    public void ServiceAndWebhook_ReachTheWebhookPortOfTheDeploymentsPods()
    {
        var service = Manifests.Single("Service", "mailserver-operator-webhook");
        var webhook = Manifests.Single("ValidatingWebhookConfiguration", "mailserver-operator").GetProperty("webhooks")[0];
        var target = webhook.GetProperty("clientConfig").GetProperty("service");
        var port = service.GetProperty("spec").GetProperty("ports")[0];

        Assert.Equal(DeployManifests.NameOf(service), target.GetProperty("name").GetString());
        Assert.Equal(DeployManifests.NamespaceOf(service), target.GetProperty("namespace").GetString());
        Assert.Equal(port.GetProperty("port").GetInt32(), target.GetProperty("port").GetInt32());
        Assert.Equal(9443, ContainerPort(port.GetProperty("targetPort")));
        AssertSelectsOperatorPods(service.GetProperty("spec").GetProperty("selector"));
        Assert.Equal(
            ["CREATE", "DELETE", "UPDATE"],
            webhook.GetProperty("rules")[0].GetProperty("operations").EnumerateArray().Select(o => o.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PodDisruptionBudget_KeepsOneReplicaOfTheDeployment()
    {
        var spec = Manifests.Single("PodDisruptionBudget", "mailserver-operator").GetProperty("spec");

        Assert.Equal(1, spec.GetProperty("minAvailable").GetInt32());
        AssertSelectsOperatorPods(spec.GetProperty("selector").GetProperty("matchLabels"));
    }

    [Fact]
    public void Rendered_NamespacedObjects_AreInTheOperatorNamespace()
    {
        var clusterScoped = new[] { "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration" };

        foreach (var o in Manifests.Objects)
        {
            var expected = clusterScoped.Contains(DeployManifests.KindOf(o), StringComparer.Ordinal) ? null : DeployManifests.OperatorNamespace;
            Assert.True(expected == DeployManifests.NamespaceOf(o), $"{DeployManifests.KindOf(o)}/{DeployManifests.NameOf(o)} has namespace {DeployManifests.NamespaceOf(o)}");
        }

        var subjects = Manifests.OfKind("ClusterRoleBinding", "RoleBinding").SelectMany(b => b.GetProperty("subjects").EnumerateArray());
        Assert.All(subjects, s => Assert.Equal(DeployManifests.OperatorNamespace, s.GetProperty("namespace").GetString()));
    }

    /// <summary>
    /// Every rendered object goes through a server-side dry run; an apiVersion the test API server (1.20) does not
    /// serve fails the test, except the newer versions this test knows how to convert to a served one of the same schema.
    /// </summary>
    [Fact]
    public async Task Rendered_EveryObject_PassesAServerSideDryRun()
    {
        var served = (await _cluster.KubectlAsync(["api-versions"])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var checkable = Manifests.Objects.Select(o => served.Contains(ApiVersionOf(o)) ? o : ServedEquivalent(o, served)).ToList();
        var unknown = Manifests.Objects.Where((_, i) => checkable[i] is null).Select(o => $"{ApiVersionOf(o)} {DeployManifests.KindOf(o)}/{DeployManifests.NameOf(o)}").ToList();
        Assert.True(unknown.Count == 0, $"not served by this API server, and no known conversion: {string.Join(", ", unknown)}");

        var result = await _cluster.KubectlAsync(["apply", "--dry-run=server", "-f", "-"], DeployManifests.ToStream(checkable.OfType<JsonElement>()));

        output.WriteLine(result);
        Assert.Equal(Manifests.Objects.Count, result.Split('\n').Count(line => line.EndsWith("(server dry run)", StringComparison.Ordinal)));
        foreach (var kind in new[] { "Deployment", "Service", "ValidatingWebhookConfiguration", "ClusterRole", "PodDisruptionBudget" })
        {
            Assert.Contains(Manifests.Objects, o => DeployManifests.KindOf(o) == kind);
        }
    }

    /// <summary>
    /// policy/v1 (Kubernetes 1.21+) as policy/v1beta1, which a 1.20 API server serves, when the spec uses only the fields
    /// both share (minAvailable, maxUnavailable, a non-empty selector: an empty one selects every pod in v1, none in
    /// v1beta1); null for anything else.
    /// </summary>
    private static JsonElement? ServedEquivalent(JsonElement o, HashSet<string> served)
    {
        string[] sharedFields = ["minAvailable", "maxUnavailable", "selector"];
        if (ApiVersionOf(o) != "policy/v1" || DeployManifests.KindOf(o) != "PodDisruptionBudget" || !served.Contains("policy/v1beta1")
            || !o.GetProperty("spec").EnumerateObject().All(field => sharedFields.Contains(field.Name, StringComparer.Ordinal))
            || !o.GetProperty("spec").TryGetProperty("selector", out var selector) || !selector.EnumerateObject().Any())
        {
            return null;
        }

        var converted = JsonNode.Parse(o.GetRawText())!;
        converted["apiVersion"] = "policy/v1beta1";
        return JsonSerializer.SerializeToElement(converted);
    }

    [Fact]
    public async Task NetworkPolicyAddOn_AdmitsOnlyTheApiServersToTheWebhookAndMonitoringToHealth()
    {
        var yaml = (await Kubectl.RunAsync(null, ["kustomize", Path.Combine(RepositoryRoot.Path, "deploy", "network-policy")])).EnsureSuccess();
        var policy = Assert.Single(ManifestReader.ReadText("network-policy", yaml).Documents).Content;
        var spec = policy.GetProperty("spec");

        AssertSelectsOperatorPods(spec.GetProperty("podSelector").GetProperty("matchLabels"));
        Assert.Equal(["Ingress"], spec.GetProperty("policyTypes").EnumerateArray().Select(type => type.GetString()));
        var rules = spec.GetProperty("ingress").EnumerateArray().ToDictionary(rule => ContainerPort(rule.GetProperty("ports")[0].GetProperty("port")));
        Assert.Equal([8081, 9443], rules.Keys.Order());
        Assert.Equal(9443, ContainerPort(JsonDocument.Parse("\"webhook\"").RootElement));
        Assert.Equal(8081, ContainerPort(JsonDocument.Parse("\"health\"").RootElement));
        Assert.True(Assert.Single(rules[9443].GetProperty("from").EnumerateArray()).TryGetProperty("ipBlock", out _));
        Assert.Equal("monitoring", Assert.Single(rules[8081].GetProperty("from").EnumerateArray())
            .GetProperty("namespaceSelector").GetProperty("matchLabels").GetProperty("kubernetes.io/metadata.name").GetString());
        await _cluster.KubectlAsync(["apply", "--dry-run=server", "-f", "-"], yaml);
    }

    private static string ApiVersionOf(JsonElement o) => o.GetProperty("apiVersion").GetString()!;

    private string[] DeploymentArguments() => [.. Manifests.OperatorContainer.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)];

    /// <summary>A port given by number or by the name of one of the operator container's ports.</summary>
    private int ContainerPort(JsonElement port) =>
        port.ValueKind == JsonValueKind.Number
            ? port.GetInt32()
            : Manifests.OperatorContainer.GetProperty("ports").EnumerateArray()
                .Single(p => p.GetProperty("name").GetString() == port.GetString())
                .GetProperty("containerPort").GetInt32();

    private void AssertSelectsOperatorPods(JsonElement selector)
    {
        var podLabels = Manifests.Deployment.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels");
        Assert.All(selector.EnumerateObject(), label => Assert.Equal(label.Value.GetString(), podLabels.GetProperty(label.Name).GetString()));
        Assert.Equal(
            selector.EnumerateObject().Select(l => l.Name).Order(StringComparer.Ordinal),
            Manifests.Deployment.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").EnumerateObject().Select(l => l.Name).Order(StringComparer.Ordinal));
    }
}
