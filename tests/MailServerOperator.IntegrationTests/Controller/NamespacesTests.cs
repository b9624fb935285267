using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>
/// <c>run --namespace a --namespace b ...</c>: each namespace's list and positions are independent, whatever the set
/// watched. Servers exist before the operator starts, so every per-namespace reflector lists into the shared cache.
/// </summary>
public sealed class NamespacesTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Run_SeveralNamespaces_EachNamespaceGetsItsOwnPositionsAndKeepsThemThroughChanges(int count)
    {
        var plane = await SharedControlPlane.GetAsync();
        var lists = new List<MailServers>();
        for (var i = 0; i < count; i++)
        {
            var servers = new MailServers(plane.Client, await plane.CreateNamespaceAsync($"multi{i}"));
            await servers.CreateAsync(MailServers.Pop3("a", 10 + i));
            await servers.CreateAsync(MailServers.Pop3("b", 20));
            await servers.CreateAsync(MailServers.Pop3("c", 30 - i));
            lists.Add(servers);
        }

        await using var instance = await OperatorInstance.StartAsync(plane, o =>
        {
            o.Namespaces = [.. lists.Select(l => l.Namespace)];
            o.Verification.Enabled = false;
        });

        foreach (var servers in lists)
        {
            await Eventually.SucceedsAsync($"positions in {servers.Namespace}", Soon, () => servers.PositionsAreAsync(
                ("gmail", 1), ("exchange-online", 2), ("a", 3), ("b", 4), ("c", 5)));
            await Eventually.SucceedsAsync($"Ready in {servers.Namespace}", Soon, () => servers.ConditionIsAsync("b", ConditionTypes.Ready, ConditionStatus.True));
        }

        // An order change in every namespace: each list moves on its own.
        foreach (var servers in lists)
        {
            await servers.MergePatchAsync("c", new { spec = new { order = 1 } });
        }

        foreach (var servers in lists)
        {
            await Eventually.SucceedsAsync($"c first in {servers.Namespace}", Soon, () => servers.PositionsAreAsync(
                ("gmail", 1), ("exchange-online", 2), ("c", 3), ("a", 4), ("b", 5)));
        }
    }
}
