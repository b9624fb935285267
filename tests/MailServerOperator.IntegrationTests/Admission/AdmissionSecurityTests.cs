using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Deploy;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Telemetry;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// The attacks of issue 12 on the webhook, through the real apiserver as a tenant: a probe Secret the tenant may not
/// read, owners and finalizers on the built-ins, and reviews no apiserver would send.
/// </summary>
public sealed class AdmissionSecurityTests(AdmissionWebhookFixture fixture) : IClassFixture<AdmissionWebhookFixture>
{
    private const string DeniedPrefix = $"admission webhook \"{WebhookOperator.WebhookName}\" denied the request: ";
    private static readonly TimeSpan RbacPropagation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Create_ProbeSecretTheTenantMayNotRead_RefusedAtTheFieldInTheSameWordsWhetherItExistsOrNot()
    {
        var tenant = await TenantAsync(readableSecret: "tenant-probe");
        await fixture.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "someone-elses" }, StringData = new Dictionary<string, string> { ["username"] = "u", ["password"] = "p" } },
            fixture.Unmanaged);

        await Create(tenant, "mine", "tenant-probe");
        var existing = await Assert.ThrowsAsync<HttpOperationException>(() => Create(tenant, "theirs", "someone-elses"));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Create(tenant, "nobodys", "no-such-secret"));

        foreach (var (ex, secret) in new[] { (existing, "someone-elses"), (missing, "no-such-secret") })
        {
            var status = ApiStatus.From(ex);
            Assert.Equal(403, status.Code);
            Assert.Equal([AdmissionReviewer.SecretField], status.CauseFields);
            Assert.Equal(
                DeniedPrefix + $"{AdmissionReviewer.SecretField}: user \"{ControlPlane.UnprivilegedUserName}\" may not get Secret \"{secret}\" in namespace \"{fixture.Unmanaged}\": a MailServer may name only a probe Secret its author may read",
                status.Message);
        }

        var servers = new MailServers(fixture.Admin, fixture.Unmanaged);
        Assert.NotNull(await servers.GetAsync("mine"));
        Assert.Null(await servers.GetAsync("theirs"));
    }

    [Fact]
    public async Task Update_TenantRedirectsAnotherUsersProbeSecret_RefusedButOtherEditsPass()
    {
        var tenant = await TenantAsync(readableSecret: "unused-probe");
        await Create(fixture.Admin, "admins-isp", "admins-probe");

        var redirect = await Assert.ThrowsAsync<HttpOperationException>(() =>
            new MailServers(tenant, fixture.Unmanaged).MergePatchAsync("admins-isp", new { spec = new { incoming = new { host = "pop.attacker.example" } } }));
        await new MailServers(tenant, fixture.Unmanaged).MergePatchAsync("admins-isp", new { metadata = new { annotations = new Dictionary<string, string> { ["mailshare.io/requested-at"] = "now" } } });

        Assert.Equal([AdmissionReviewer.SecretField], ApiStatus.From(redirect).CauseFields);
        Assert.Equal("pop.example.jp", (await new MailServers(fixture.Admin, fixture.Unmanaged).GetAsync("admins-isp"))!.Spec!.Incoming!.Host);
    }

    [Theory]
    [InlineData("ownerReferences")]
    [InlineData("finalizers")]
    public async Task Update_OwnersOrFinalizersOnABuiltInByAnAdmin_Refused(string field)
    {
        var patch = field == "ownerReferences" ? Owner() : (object)new { metadata = new { finalizers = new[] { "example.com/hold" } } };

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => new MailServers(fixture.Admin, fixture.Managed).MergePatchAsync(ReservedMailServerNames.ExchangeOnline, patch));

        Assert.Equal(403, ApiStatus.From(ex).Code);
        Assert.StartsWith(DeniedPrefix + $"metadata.{field}: ", ApiStatus.From(ex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_BuiltInByTheGarbageCollector_OnlyOnceItHasOwners()
    {
        string[] delete = ["--as", AdmissionPolicy.GarbageCollectorUser, "-n", fixture.Managed, "delete", "mailservers.mailshare.io", ReservedMailServerNames.Gmail, "--wait=false"];

        var refused = await Kubectl.RunAsync(fixture.Plane.KubeconfigPath, delete);
        await new MailServers(fixture.OperatorClient, fixture.Managed).MergePatchAsync(ReservedMailServerNames.Gmail, Owner());
        var allowed = await Kubectl.RunAsync(fixture.Plane.KubeconfigPath, delete);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("is a built-in mail server", refused.StandardError, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Describe());
        await Eventually.SucceedsAsync("the operator to recreate gmail", RbacPropagation, async () =>
            await new MailServers(fixture.Admin, fixture.Managed).GetAsync(ReservedMailServerNames.Gmail) is { Metadata.OwnerReferences: null or [] } ? null : "not recreated yet");
    }

    [Fact]
    public async Task Post_OperationNoApiServerSends_400AndNeverAMetricLabel()
    {
        var operations = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, OperatorTelemetry.AdmissionReviews))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    operations.Add(tag.Value as string ?? "");
                }
            }
        });
        listener.Start();
        var caBundle = (await fixture.Webhook.ReadConfigurationAsync()).Webhooks.Single().ClientConfig.CaBundle;
        using var http = WebhookClient.TrustingOnly(caBundle);

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var operation in new[] { "CONNECT", "series-1", "DELETE" })
        {
            using var response = await http.PostAsync(fixture.Webhook.Url, new StringContent(
                new JsonObject
                {
                    ["apiVersion"] = "admission.k8s.io/v1",
                    ["kind"] = "AdmissionReview",
                    ["request"] = new JsonObject
                    {
                        ["uid"] = "1",
                        ["operation"] = operation,
                        ["name"] = "x",
                        ["namespace"] = fixture.Unmanaged,
                        ["resource"] = new JsonObject { ["group"] = MailServer.Group, ["version"] = MailServer.Version, ["resource"] = MailServer.Plural },
                    },
                }.ToJsonString(),
                Encoding.UTF8,
                "application/json"));
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.BadRequest, answers[0].Item1);
        Assert.Equal("request.operation: must be one of CREATE, UPDATE, DELETE\n", answers[0].Item2);
        Assert.Equal(HttpStatusCode.BadRequest, answers[1].Item1);
        Assert.Equal(HttpStatusCode.OK, answers[2].Item1); // the positive signal: the one real operation was counted
        Assert.Contains("DELETE", operations);
        Assert.DoesNotContain("CONNECT", operations);
        Assert.DoesNotContain("series-1", operations);
    }

    [Fact]
    public async Task Handshake_OnlyTls12AndLater()
    {
        var address = $"127.0.0.1:{fixture.Webhook.Url.Port}";

        // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so the refusal is the server's.
        var tls11 = await ExternalCommand.RunAsync("openssl", ["s_client", "-connect", address, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], standardInput: "", timeout: TimeSpan.FromSeconds(20));
        var tls12 = await ExternalCommand.RunAsync("openssl", ["s_client", "-connect", address, "-tls1_2"], standardInput: "", timeout: TimeSpan.FromSeconds(20));

        var tls11Output = tls11.StandardOutput + tls11.StandardError;
        Assert.NotEqual(0, tls11.ExitCode);
        Assert.DoesNotContain("no protocols available", tls11Output, StringComparison.Ordinal);
        Assert.Contains("Protocol  : TLSv1.2", tls12.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificates_CaKeyOnlyInItsOwnSecretAndTheCaBundleIsTheCaSecrets()
    {
        var options = fixture.Webhook.Options;

        var servingSecret = await fixture.Admin.CoreV1.ReadNamespacedSecretAsync(options.SecretName, options.ServiceNamespace);
        var authoritySecret = await fixture.Admin.CoreV1.ReadNamespacedSecretAsync(options.AuthoritySecretName, options.ServiceNamespace);
        var caBundle = (await fixture.Webhook.ReadConfigurationAsync()).Webhooks.Single().ClientConfig.CaBundle;

        Assert.Equal("kubernetes.io/tls", servingSecret.Type);
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], servingSecret.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ca.key", authoritySecret.Data.Keys);
        Assert.Equal(authoritySecret.Data["ca-bundle.crt"], caBundle);
        Assert.Equal(caBundle, servingSecret.Data["ca.crt"]);
    }

    /// <summary>A client as the tenant: may edit MailServers in the judged namespace and get one Secret there.</summary>
    private async Task<IKubernetes> TenantAsync(string readableSecret)
    {
        var ns = fixture.Unmanaged;
        var user = ControlPlane.UnprivilegedUserName;
        await Apply(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "tenant-" + readableSecret, NamespaceProperty = ns },
            Rules =
            [
                new V1PolicyRule { ApiGroups = [MailServer.Group], Resources = [MailServer.Plural], Verbs = ["get", "list", "create", "update", "patch", "delete"] },
                new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], ResourceNames = [readableSecret], Verbs = ["get"] },
            ],
        });
        var tenant = new k8s.Kubernetes(fixture.Plane.CreateUnprivilegedConfiguration());
        await Eventually.SucceedsAsync("RBAC to let the tenant read its Secret", RbacPropagation, async () =>
        {
            var review = await tenant.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = ns, Verb = "get", Resource = "secrets", Name = readableSecret } },
            });
            return review.Status.Allowed ? null : "not yet";
        });
        return tenant;

        async Task Apply(V1Role role)
        {
            await fixture.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, ns);
            await fixture.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
                new V1RoleBinding
                {
                    Metadata = new V1ObjectMeta { Name = role.Metadata.Name, NamespaceProperty = ns },
                    RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role.Metadata.Name },
                    Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = user }],
                },
                ns);
        }
    }

    private Task<JsonElement> Create(IKubernetes client, string name, string secret)
    {
        var body = MailServers.Pop3(name, order: null);
        ((JsonObject)body["spec"]!).Remove("order");
        body["metadata"]!["namespace"] = fixture.Unmanaged;
        body["spec"]!["probe"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = secret } };
        return CustomObjectRequests.CreateAsync(client, body, MailServer.Group, MailServer.Version, fixture.Unmanaged, MailServer.Plural);
    }

    private static object Owner() => new
    {
        metadata = new
        {
            ownerReferences = new[] { new { apiVersion = "v1", kind = "ConfigMap", name = "owner", uid = "6f1c1d3e-0000-4000-8000-000000000002" } },
        },
    };
}
