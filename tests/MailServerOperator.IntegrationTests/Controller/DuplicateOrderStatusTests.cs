using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>Two servers of a namespace with one <c>spec.order</c>: both say so in status.warnings, and stop saying it once it is fixed.</summary>
public sealed class DuplicateOrderStatusTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // headroom for a loaded machine: a positive wait costs nothing when on time
    private ControlPlane _plane = null!;
    private MailServers _servers = null!;
    private OperatorInstance _operator = null!;

    public async Task InitializeAsync()
    {
        _plane = await SharedControlPlane.GetAsync();
        var ns = await _plane.CreateNamespaceAsync("duplicate-order");
        _servers = new MailServers(_plane.Client, ns);
        _operator = await OperatorInstance.StartInNamespaceAsync(_plane, ns);
    }

    public async Task DisposeAsync() => await _operator.DisposeAsync();

    [Fact]
    public async Task Reconcile_SameOrderTwice_BothWarnedUntilOneMoves()
    {
        await _servers.CreateAsync(MailServers.Pop3("a", 10));
        await _servers.CreateAsync(MailServers.Pop3("b", 10));
        await _servers.CreateAsync(MailServers.Pop3("c", 20));

        await Eventually.SucceedsAsync("a and b warned", Soon, async () =>
            await WarningAsync("a", "order 10 is also the order of b") ?? await WarningAsync("b", "order 10 is also the order of a"));
        // The positive signal for c: its status written by a reconcile that saw all three (it was created last).
        await Eventually.SucceedsAsync("c valid", Soon, () => _servers.ConditionIsAsync("c", ConditionTypes.Valid, ConditionStatus.True));
        Assert.Null(await OrderWarningOfAsync("c"));
        await Eventually.SucceedsAsync("gmail valid", Soon, () => _servers.ConditionIsAsync("gmail", ConditionTypes.Valid, ConditionStatus.True));
        var gmail = await _servers.GetAsync("gmail");
        Assert.Null(gmail?.Status?.Warnings); // a built-in's settings are nobody's to change: no warning about them

        await _servers.MergePatchAsync("b", new { spec = new { order = 11 } });

        await Eventually.SucceedsAsync("warnings gone", Soon, async () =>
            await OrderWarningOfAsync("a") ?? await OrderWarningOfAsync("b"));
    }

    private async Task<string?> WarningAsync(string name, string expected)
    {
        var warnings = (await _servers.GetAsync(name))?.Status?.Warnings ?? [];
        return warnings.Any(w => w.StartsWith("spec.order: " + expected, StringComparison.Ordinal)) ? null : $"{name}: [{string.Join("; ", warnings)}]";
    }

    private async Task<string?> OrderWarningOfAsync(string name)
    {
        var warnings = (await _servers.GetAsync(name))?.Status?.Warnings ?? [];
        return warnings.FirstOrDefault(w => w.StartsWith("spec.order:", StringComparison.Ordinal)) is { } warning ? $"{name}: {warning}" : null;
    }
}
