using System.Text.Json.Nodes;
using MailServerOperator.Api;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Status;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Controller;

/// <summary>The operator against the real apiserver, asserted the way a user would see it with kubectl get.</summary>
public sealed class MailServerReconcilerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // headroom for a loaded machine: a positive wait costs nothing when on time
    private ControlPlane _plane = null!;
    private MailServers _servers = null!;
    private OperatorInstance _operator = null!;

    public async Task InitializeAsync()
    {
        _plane = await SharedControlPlane.GetAsync();
        var ns = await _plane.CreateNamespaceAsync("reconcile");
        _servers = new MailServers(_plane.Client, ns);
        _operator = await OperatorInstance.StartInNamespaceAsync(_plane, ns);
    }

    public async Task DisposeAsync() => await _operator.DisposeAsync();

    [Fact]
    public async Task Reconcile_NewServers_BuiltInsFirstThenByOrder()
    {
        await _servers.CreateAsync(MailServers.Pop3("unordered", null));
        await _servers.CreateAsync(MailServers.Pop3("second", 20));
        await _servers.CreateAsync(MailServers.Pop3("first", 10));

        var took = await Eventually.SucceedsAsync("positions", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("first", 3), ("second", 4), ("unordered", 5)));

        output.WriteLine($"positions written {took.TotalMilliseconds:F0} ms after the last create");
        await Eventually.SucceedsAsync("Valid", Soon, () => _servers.ConditionIsAsync("first", ConditionTypes.Valid, ConditionStatus.True));
    }

    [Fact]
    public async Task Reconcile_OrderChanged_MovesAffectedServersAndWritesOnlyThem()
    {
        await _servers.CreateAsync(MailServers.Pop3("a", 10));
        await _servers.CreateAsync(MailServers.Pop3("b", 20));
        await _servers.CreateAsync(MailServers.Pop3("c", 30));
        await Eventually.SucceedsAsync("initial positions", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("a", 3), ("b", 4), ("c", 5)));
        await VerifiedAsync("a");
        var writesToA = _operator.Requests.StatusWrites("a");
        using var reconciles = new ReconcileObserver(_operator, _servers.Namespace);

        await _servers.MergePatchAsync("c", new { spec = new { order = 15 } });

        await Eventually.SucceedsAsync("c moved before b", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("a", 3), ("c", 4), ("b", 5)));
        await reconciles.WaitForReconcileAsync("a", "c with order 15", seen => seen.Any(o => o.Key.Name == "c" && o.Server.Spec?.Order == 15), Soon);
        Assert.Equal(writesToA, _operator.Requests.StatusWrites("a"));
    }

    [Fact]
    public async Task Reconcile_ServerDeleted_LaterServersMoveUp()
    {
        await _servers.CreateAsync(MailServers.Pop3("a", 1));
        await _servers.CreateAsync(MailServers.Pop3("b", 2));
        await _servers.CreateAsync(MailServers.Pop3("c", 3));
        await Eventually.SucceedsAsync("initial positions", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("a", 3), ("b", 4), ("c", 5)));

        await _servers.DeleteAsync("a");

        await Eventually.SucceedsAsync("b and c moved up", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("b", 3), ("c", 4)));
    }

    [Fact]
    public async Task Reconcile_SchemaAcceptsButRuleRefuses_ValidFalseNamingTheField()
    {
        var imapWithApop = MailServers.Pop3("imap-apop", 1);
        imapWithApop["spec"]!["incoming"] = new JsonObject { ["protocol"] = "IMAP4", ["host"] = "imap.example.jp", ["apop"] = true };
        await _servers.CreateAsync(imapWithApop);

        await Eventually.SucceedsAsync("Valid=False", Soon, () => _servers.ConditionIsAsync("imap-apop", ConditionTypes.Valid, ConditionStatus.False));

        var status = (await _servers.GetAsync("imap-apop"))!.Status!;
        Assert.Contains("spec.incoming.apop", status.Conditions.Find(ConditionTypes.Valid)!.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Stalled)!.Status);
        Assert.Equal(ConditionStatus.False, status.Conditions.Find(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task Reconcile_BuiltInDeleted_IsRecreated()
    {
        await _servers.CreateAsync(MailServers.Pop3("isp", 1));
        await Eventually.SucceedsAsync("built-ins", Soon, async () => await _servers.GetAsync(ReservedMailServerNames.Gmail) is null ? "no gmail" : null);
        var firstUid = (await _servers.GetAsync(ReservedMailServerNames.Gmail))!.Metadata.Uid;

        await _servers.DeleteAsync(ReservedMailServerNames.Gmail);

        await Eventually.SucceedsAsync("gmail recreated with position 1", Soon, async () =>
            await _servers.GetAsync(ReservedMailServerNames.Gmail) is { } gmail && gmail.Metadata.Uid != firstUid && gmail.Status?.Position == 1
                ? null
                : "not recreated yet");
    }

    [Fact]
    public async Task Reconcile_BuiltInSpecEdited_IsReverted()
    {
        await _servers.CreateAsync(MailServers.Pop3("isp", 1));
        await Eventually.SucceedsAsync("built-ins", Soon, async () => await _servers.GetAsync(ReservedMailServerNames.ExchangeOnline) is null ? "none" : null);

        await _servers.MergePatchAsync(ReservedMailServerNames.ExchangeOnline, new { spec = new { displayName = "Hijacked", order = 1, outgoing = new { host = "smtp.evil.example" } } });

        await Eventually.SucceedsAsync("exchange-online reverted", Soon, async () =>
        {
            var spec = (await _servers.GetAsync(ReservedMailServerNames.ExchangeOnline))!.Spec!;
            return spec.DisplayName == "Exchange Online" && spec.Order is null && spec.Outgoing!.Host == "smtp.office365.com"
                ? null
                : $"spec is {spec}";
        });
    }

    [Fact]
    public async Task Reconcile_NothingChanged_WritesNoStatus()
    {
        await _servers.CreateAsync(MailServers.Pop3("quiet", 1));
        await _servers.CreateAsync(MailServers.Pop3("neighbour", 2));
        await Eventually.SucceedsAsync("positions", Soon, () => _servers.PositionsAreAsync(
            ("gmail", 1), ("exchange-online", 2), ("quiet", 3), ("neighbour", 4)));
        await VerifiedAsync("quiet", "neighbour", ReservedMailServerNames.Gmail, ReservedMailServerNames.ExchangeOnline);
        var writes = _operator.Requests.Writes();
        using var reconciles = new ReconcileObserver(_operator, _servers.Namespace);

        // Metadata-only changes reach the operator as watch events and are reconciled, but change no status.
        await _servers.MergePatchAsync("quiet", new { metadata = new { annotations = new Dictionary<string, string> { ["team"] = "mail" } } });
        await _servers.MergePatchAsync("neighbour", new { metadata = new { labels = new Dictionary<string, string> { ["tier"] = "gold" } } });

        foreach (var name in new[] { "quiet", "neighbour" })
        {
            var changed = (await _servers.GetAsync(name))!.Metadata.ResourceVersion;
            await reconciles.WaitForReconcileAsync(name, name, changed, Soon);
        }

        Assert.Equal(writes, _operator.Requests.Writes());
    }

    /// <summary>Waits until each server's first verification has landed in its status: Ready is no longer Unknown.</summary>
    private async Task VerifiedAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await Eventually.SucceedsAsync($"{name} verified", Soon, async () =>
            {
                var server = await _servers.GetAsync(name);
                var ready = server?.Status?.Conditions.Find(ConditionTypes.Ready);
                return ready is { Status: ConditionStatus.True or ConditionStatus.False } && ready.ObservedGeneration == server!.Metadata.Generation
                    ? null
                    : $"Ready is {ready?.Status ?? "absent"} ({ready?.Reason})";
            });
        }
    }
}
