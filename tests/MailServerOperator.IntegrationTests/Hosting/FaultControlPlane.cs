using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// A control plane of its own for tests that kill, pause and partition things: it audits every write to MailServers,
/// Events and Leases (who wrote, when, with what holder), and runs without the watch cache, so a watch from a compacted
/// resourceVersion reaches etcd and gets 410 Gone as it would from any cache that has moved on.
/// </summary>
public sealed class FaultControlPlane : IAsyncLifetime
{
    private const string AuditPolicy = """
        {"apiVersion": "audit.k8s.io/v1", "kind": "Policy", "omitStages": ["RequestReceived"], "rules": [
          {"level": "Request", "verbs": ["create", "update", "patch"], "resources": [{"group": "coordination.k8s.io", "resources": ["leases"]}]},
          {"level": "Metadata", "verbs": ["create", "update", "patch", "delete"], "resources": [{"group": "mailshare.io"}]},
          {"level": "Metadata", "verbs": ["create", "update", "patch"], "resources": [{"group": "events.k8s.io", "resources": ["events"]}]},
          {"level": "None"}]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("mailserver-fault-plane-").FullName;

    internal ControlPlane Plane { get; private set; } = null!;

    internal AuditLog Audit => new(Path.Combine(_directory, "audit.log"));

    public async Task InitializeAsync()
    {
        var policy = Path.Combine(_directory, "audit-policy.json");
        await File.WriteAllTextAsync(policy, AuditPolicy);
        Plane = await ControlPlane.StartAsync(new ControlPlaneOptions
        {
            ExtraApiServerArguments =
            [
                "--audit-policy-file=" + policy, "--audit-log-path=" + Path.Combine(_directory, "audit.log"), "--audit-log-format=json",
                "--audit-log-mode=blocking", "--watch-cache=false",
            ],
        });
        await Plane.InstallCrdsAsync(Path.Combine(RepositoryRoot.Path, "crds"));
    }

    public async Task DisposeAsync()
    {
        await Plane.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
