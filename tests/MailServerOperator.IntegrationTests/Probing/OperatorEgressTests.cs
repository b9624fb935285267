using System.Net;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Probing;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// The attack of issue 12: a tenant points a MailServer at the operator's own network. Through the operator as
/// <c>run</c> composes it, nothing is sent there unless its administrator allowed the range.
/// </summary>
public sealed class OperatorEgressTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reconcile_MailServerOnLoopbackByDefault_AddressNotAllowedAndNoConnection()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("egress");
        var servers = new MailServers(plane.Client, ns);
        var connections = 0;
        var smtp = new FakeSmtpConversation(startTls: false, size: null, "PLAIN");
        await using var internalServer = FakeServer.Start((connection, token) =>
        {
            Interlocked.Increment(ref connections);
            return smtp.RunAsync(connection, token);
        });
        await using var instance = await OperatorInstance.StartAsync(plane, o => o.Namespaces = [ns]);

        await servers.CreateAsync(Server("internal", internalServer.Port));
        await Eventually.SucceedsAsync("Ready=False", Soon, () => servers.ConditionIsAsync("internal", ConditionTypes.Ready, ConditionStatus.False));

        var conditions = (await servers.GetAsync("internal"))!.Status!.Conditions;
        Assert.Equal("AddressNotAllowed", conditions.Find(ConditionTypes.IncomingReachable)!.Reason);
        var outgoing = conditions.Find(ConditionTypes.OutgoingReachable)!;
        Assert.Equal("AddressNotAllowed", outgoing.Reason);
        Assert.Contains("--probe-allow-network", outgoing.Message, StringComparison.Ordinal);

        // A probe that is allowed there connects, and is counted after any connection the operator could have made.
        var control = await new MailServerProber(new ProbeOptions(), TimeProvider.System)
            .ProbeOutgoingAsync(new("127.0.0.1", internalServer.Port, ProbeTlsMode.None, ProbeAuthMechanism.None), null, CancellationToken.None);
        Assert.Equal(ProbeReason.Verified, control.Reason);
        Assert.Equal(1, Volatile.Read(ref connections));
    }

    [Fact]
    public async Task Reconcile_MailServerOnLoopbackWithLoopbackAllowed_Probed()
    {
        var plane = await SharedControlPlane.GetAsync();
        var ns = await plane.CreateNamespaceAsync("egress-allowed");
        var servers = new MailServers(plane.Client, ns);
        var smtp = new FakeSmtpConversation(startTls: false, size: null, "PLAIN");
        await using var onPremises = FakeServer.Start(smtp.RunAsync);
        await using var instance = await OperatorInstance.StartAsync(plane, o =>
        {
            o.Namespaces = [ns];
            o.Verification.ProbeAllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")];
        });

        await servers.CreateAsync(Server("on-premises", onPremises.Port));
        await Eventually.SucceedsAsync("OutgoingReachable=True", Soon, () => servers.ConditionIsAsync("on-premises", ConditionTypes.OutgoingReachable, ConditionStatus.True));
    }

    /// <summary>Both servers on loopback, plain text (the fake SMTP server speaks no TLS).</summary>
    private static JsonObject Server(string name, int smtpPort) => new()
    {
        ["apiVersion"] = MailServer.ApiVersionName,
        ["kind"] = MailServer.KindName,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["displayName"] = name,
            ["incoming"] = new JsonObject { ["protocol"] = "POP3", ["host"] = "127.0.0.1", ["port"] = 995 },
            ["outgoing"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = smtpPort, ["tls"] = "None", ["authentication"] = new JsonObject { ["mechanism"] = "PLAIN" } },
        },
    };
}
