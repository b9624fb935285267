using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
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
    private readonly VerifyingOperator _verifying = new(mail, ["verify"]);

    private MailServerTestEnvironment Env => mail.Environment;

    private MailServers Servers => _verifying.Servers;

    public Task InitializeAsync() => _verifying.InitializeAsync();

    public Task DisposeAsync() => _verifying.DisposeAsync();

    [Fact]
    public async Task Reconcile_DovecotAndEximWithProbeAccount_ReadyTrueWithWhatWasVerified()
    {
        await CreateSecretAsync("probe-account", Env.User, Env.Password);
        var server = Server("local", "POP3", Env.Port("DOVECOT_POP3S_PORT"), "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls");
        server["spec"]!["probe"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = "probe-account" } };
        var created = Stopwatch.StartNew();
        await Servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=True", Soon, () => Servers.ConditionIsAsync("local", ConditionTypes.Ready, ConditionStatus.True));
        output.WriteLine($"Ready=True {created.ElapsedMilliseconds} ms after create");

        var status = (await Servers.GetAsync("local"))!.Status!;
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
        await Servers.CreateAsync(Server("imap", "IMAP4", Env.Port("DOVECOT_IMAPS_PORT"), "Implicit", Env.Port("DOVECOT_SUBMISSION_PORT"), "StartTls"));

        await Eventually.SucceedsAsync("Ready=True", Soon, () => Servers.ConditionIsAsync("imap", ConditionTypes.Ready, ConditionStatus.True));
    }

    [Fact]
    public async Task Reconcile_IncomingPortClosed_ReadyFalseNamingReasonAndServer()
    {
        var closedPort = LoopbackPorts.Free();
        await Servers.CreateAsync(Server("closed", "POP3", closedPort, "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls"));

        await Eventually.SucceedsAsync("Ready=False", Soon, () => Servers.ConditionIsAsync("closed", ConditionTypes.Ready, ConditionStatus.False));

        var conditions = (await Servers.GetAsync("closed"))!.Status!.Conditions;
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
        await Servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=False", Soon, () => Servers.ConditionIsAsync("nosecret", ConditionTypes.Ready, ConditionStatus.False));

        var ready = (await Servers.GetAsync("nosecret"))!.Status!.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(StatusBuilder.ReasonCredentialsUnavailable, ready.Reason);
        Assert.Contains("does-not-exist", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_SmtpSizeBelowConfiguredLimit_OutgoingUnreachable()
    {
        var server = Server("bigmail", "IMAP4", Env.Port("DOVECOT_IMAPS_PORT"), "Implicit", Env.Port("EXIM_SMTP_PORT"), "StartTls");
        server["spec"]!["outgoing"]!["maxMessageSize"] = "50Mi";
        await Servers.CreateAsync(server);

        await Eventually.SucceedsAsync("Ready=False", Soon, () => Servers.ConditionIsAsync("bigmail", ConditionTypes.Ready, ConditionStatus.False));

        var outgoing = (await Servers.GetAsync("bigmail"))!.Status!.Conditions.Find(ConditionTypes.OutgoingReachable)!;
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
        await _verifying.Plane.Client.CoreV1.CreateNamespacedSecretAsync(LocalServers.Secret(name, username, password), Servers.Namespace);

    private void AssertNoSecretIn(MailServerStatus status) =>
        Assert.DoesNotContain(Env.Password, System.Text.Json.JsonSerializer.Serialize(status, MailServerJson.Options), StringComparison.Ordinal);
}
