using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>The operator verifying MailServers that point at the real Dovecot and Exim started for this test run.</summary>
[Collection(RealMailServers.Name)]
public sealed class MailServerVerificationTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly string _caBundle = Path.Combine(Path.GetTempPath(), $"mailtest-ca-{Guid.NewGuid():N}.pem");
    private ControlPlane _plane = null!;
    private MailServers _servers = null!;
    private OperatorInstance _operator = null!;

    private MailServerTestEnvironment Env => mail.Environment;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_caBundle, string.Concat(mail.ServerCertificates.Select(c => c.ExportCertificatePem() + "\n")));
        _plane = await SharedControlPlane.GetAsync();
        var ns = await _plane.CreateNamespaceAsync("verify");
        _servers = new MailServers(_plane.Client, ns);
        _operator = await OperatorInstance.StartAsync(_plane, o =>
        {
            o.Namespaces = [ns];
            o.Verification.CaBundlePath = _caBundle;
            o.Verification.ProbeTimeout = TimeSpan.FromSeconds(5);
            o.Verification.ProbeAllowedNetworks = [System.Net.IPNetwork.Parse("127.0.0.0/8")]; // the test mail servers are on loopback
        });
    }

    public async Task DisposeAsync()
    {
        await _operator.DisposeAsync();
        File.Delete(_caBundle);
    }

    [Fact]
    public async Task Reconcile_DovecotAndEximWithProbeAccount_ReadyTrueWithWhatWasVerified()
    {
        await CreateSecretAsync("probe-account", Env.User, Env.Password);
        var server = Server("local", "POP3", Env.Port("DOVECOT_POP3S_PORT"), "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls");
        server["spec"]!["probe"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = "probe-account" } };
        var created = Stopwatch.StartNew();
        await _servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=True", Soon, () => _servers.ConditionIsAsync("local", ConditionTypes.Ready, ConditionStatus.True));
        output.WriteLine($"Ready=True {created.ElapsedMilliseconds} ms after create");

        var status = (await _servers.GetAsync("local"))!.Status!;
        Assert.Contains("UIDL", status.Incoming!.Capabilities!);
        Assert.NotNull(status.Incoming.TlsProtocol);
        Assert.NotNull(status.Incoming.CertificateExpiresAt);
        Assert.Equal(Env.MaxMessageSize, status.Outgoing!.MaxMessageSize);
        Assert.Contains("PLAIN", status.Outgoing.AuthMechanisms!);
        Assert.Null(status.Conditions.Find(ConditionTypes.Reconciling));
        AssertNoSecretIn(status);
    }

    [Fact]
    public async Task Reconcile_Imap4OnDovecotWithoutCredentials_ReadyTrue()
    {
        await _servers.CreateAsync(Server("imap", "IMAP4", Env.Port("DOVECOT_IMAPS_PORT"), "Implicit", Env.Port("DOVECOT_SUBMISSION_PORT"), "StartTls"));

        await Eventually.SucceedsAsync("Ready=True", Soon, () => _servers.ConditionIsAsync("imap", ConditionTypes.Ready, ConditionStatus.True));
    }

    [Fact]
    public async Task Reconcile_IncomingPortClosed_ReadyFalseNamingReasonAndServer()
    {
        var closedPort = FreePort();
        await _servers.CreateAsync(Server("closed", "POP3", closedPort, "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls"));

        await Eventually.SucceedsAsync("Ready=False", Soon, () => _servers.ConditionIsAsync("closed", ConditionTypes.Ready, ConditionStatus.False));

        var conditions = (await _servers.GetAsync("closed"))!.Status!.Conditions;
        Assert.Equal(StatusBuilder.ReasonIncomingUnreachable, conditions.Find(ConditionTypes.Ready)!.Reason);
        var incoming = conditions.Find(ConditionTypes.IncomingReachable)!;
        Assert.Equal("ConnectionRefused", incoming.Reason);
        Assert.Contains($"{Env.Host}:{closedPort}", incoming.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.True, conditions.Find(ConditionTypes.OutgoingReachable)!.Status);
    }

    [Fact]
    public async Task Reconcile_CredentialsSecretMissing_NoLoginAndClearCondition()
    {
        var server = Server("nosecret", "POP3", Env.Port("DOVECOT_POP3S_PORT"), "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls");
        server["spec"]!["probe"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = "does-not-exist" } };
        await _servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=False", Soon, () => _servers.ConditionIsAsync("nosecret", ConditionTypes.Ready, ConditionStatus.False));

        var ready = (await _servers.GetAsync("nosecret"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(StatusBuilder.ReasonCredentialsUnavailable, ready.Reason);
        Assert.Contains("does-not-exist", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_SmtpSizeBelowConfiguredLimit_OutgoingUnreachable()
    {
        var server = Server("bigmail", "IMAP4", Env.Port("DOVECOT_IMAPS_PORT"), "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls");
        server["spec"]!["outgoing"]!["maxMessageSize"] = "50Mi";
        await _servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=False", Soon, () => _servers.ConditionIsAsync("bigmail", ConditionTypes.Ready, ConditionStatus.False));

        var outgoing = (await _servers.GetAsync("bigmail"))!.Status!.Conditions.Find(ConditionTypes.OutgoingReachable)!;
        Assert.Equal("MessageSizeLimitTooSmall", outgoing.Reason);
    }

    private JsonObject Server(string name, string protocol, int incomingPort, string incomingTls, int outgoingPort, string outgoingTls) => new()
    {
        ["apiVersion"] = MailServer.ApiVersionName,
        ["kind"] = MailServer.KindName,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["displayName"] = name,
            ["incoming"] = new JsonObject { ["protocol"] = protocol, ["host"] = Env.Host, ["port"] = incomingPort, ["tls"] = incomingTls, ["retention"] = new JsonObject { ["leaveOnServer"] = true } },
            ["outgoing"] = new JsonObject { ["host"] = Env.Host, ["port"] = outgoingPort, ["tls"] = outgoingTls, ["maxMessageSize"] = "10Mi" },
        },
    };

    private async Task CreateSecretAsync(string name, string username, string password) =>
        await _plane.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name },
                Data = new Dictionary<string, byte[]> { ["username"] = Encoding.UTF8.GetBytes(username), ["password"] = Encoding.UTF8.GetBytes(password) },
            },
            _servers.Namespace);

    private void AssertNoSecretIn(MailServerStatus status) =>
        Assert.DoesNotContain(Env.Password, System.Text.Json.JsonSerializer.Serialize(status, MailServerJson.Options), StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
