using System.Net;
using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>The webhook warns of a duplicate <c>spec.order</c> from the operator's cache, which costs it no API request.</summary>
public sealed class AdmissionOrderWarningTests(AdmissionWebhookFixture fixture) : IClassFixture<AdmissionWebhookFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // headroom for a loaded machine: a positive wait costs nothing when on time

    [Fact]
    public async Task Create_OrderAlreadyTakenInAManagedNamespace_AcceptedWithAWarningNamingTheOther()
    {
        await new MailServers(fixture.Admin, fixture.Managed).CreateAsync(MailServers.Pop3("holds-77", order: 77));
        var second = MailServers.Pop3("also-77", order: 77);
        second["metadata"]!["namespace"] = fixture.Managed;

        // The first create reaches the webhook's cache through its watch: dry runs until the warning appears.
        await Eventually.SucceedsAsync("the dry-run create to be warned", Soon, async () =>
            Warning(await CreateAsync(second, dryRun: true)) is null ? "no spec.order warning yet" : null);
        var (status, warnings) = await CreateAsync(second, dryRun: false);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("spec.order: order 77 is also the order of holds-77 in this namespace", Warning((status, warnings)), StringComparison.Ordinal);
    }

    private static string? Warning((HttpStatusCode Status, IReadOnlyList<string> Warnings) response) =>
        response.Warnings.FirstOrDefault(w => w.StartsWith("spec.order:", StringComparison.Ordinal));

    private async Task<(HttpStatusCode Status, IReadOnlyList<string> Warnings)> CreateAsync(JsonObject body, bool dryRun)
    {
        using var response = await CustomObjectRequests.CreateForResponseAsync(
            fixture.Admin, body, MailServer.Group, MailServer.Version, fixture.Managed, MailServer.Plural, dryRun: dryRun ? "All" : null);
        return (response.StatusCode, ResponseWarnings.Of(response));
    }
}
