using System.Diagnostics;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>One tenant's silent servers cannot starve another tenant's probes: slots are shared fairly between namespaces.</summary>
[Collection(RealMailServers.Name)]
public sealed class FairProbingTests(MailServersFixture mail, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5); // as LocalServers.Verifying sets it
    private readonly VerifyingOperator _verifying = new(mail, ["tarpits", "tenant"], o => o.Verification.MaxConcurrentProbes = 4); // two verifications at once

    public Task InitializeAsync() => _verifying.InitializeAsync();

    public Task DisposeAsync() => _verifying.DisposeAsync();

    [Fact]
    public async Task Run_NamespaceFullOfSilentServers_OtherNamespaceVerifiedWithinOneProbeTimeout()
    {
        var plane = _verifying.Plane;
        using var tarpit = new Tarpit();
        var silent = _verifying.Servers;
        for (var i = 0; i < 12; i++)
        {
            var server = LocalServers.Pop3(mail.Environment, $"silent{i}");
            server["spec"]!["incoming"]!["port"] = tarpit.Port;
            server["spec"]!["outgoing"]!["port"] = tarpit.Port;
            await silent.CreateAsync(server);
        }

        // Every slot is held by a silent server (and ten more wait) before the other tenant asks.
        await Eventually.SucceedsAsync("the slots held by silent servers", TimeSpan.FromSeconds(30), () =>
            Task.FromResult(tarpit.Accepted >= 4 ? null : $"{tarpit.Accepted} connections"));
        var created = Stopwatch.StartNew();
        var tenant = new MailServers(plane.Client, _verifying.Namespaces[1]);
        await tenant.CreateAsync(LocalServers.Pop3(mail.Environment, "mine"));

        await Eventually.SucceedsAsync("the other tenant's server verified", TimeSpan.FromSeconds(60), () => tenant.ConditionIsAsync("mine", ConditionTypes.Ready, ConditionStatus.True));
        output.WriteLine($"verified {created.Elapsed.TotalSeconds:F1} s after create while 12 silent servers (5 s probe timeout, 2 slots) wait; first-come order would take about 30 s");
        Assert.InRange(created.Elapsed, TimeSpan.Zero, ProbeTimeout + TimeSpan.FromSeconds(4));
    }
}
