using MailServerOperator.Controller;

namespace MailServerOperator.Tests.Controller;

public sealed class NamespaceOrderTests
{
    private static readonly DateTime T0 = MailServerObjects.T0;
    private readonly NamespaceOrder _order = new();

    [Fact]
    public void Publish_Burst_PositionsOnlyAfterPublication()
    {
        _order.Set(new("b", 20, T0));
        _order.Set(new("a", 10, T0));
        Assert.Null(_order.PositionOf("a"));

        Assert.Equal(["a", "b"], _order.Publish());

        Assert.Equal(3, _order.PositionOf("a"));
        Assert.Equal(4, _order.PositionOf("b"));
        Assert.Equal(1, _order.PositionOf("gmail"));
        Assert.Equal(2, _order.PositionOf("exchange-online"));
    }

    [Fact]
    public void Publish_InsertInTheMiddle_OnlyTheNewAndTheShiftedServers()
    {
        foreach (var (name, order) in new[] { ("a", 10), ("b", 20), ("c", 30), ("d", 40) })
        {
            _order.Set(new(name, order, T0));
        }

        _order.Publish();

        _order.Set(new("x", 25, T0));

        Assert.Equal(["x", "c", "d"], _order.Publish());
        Assert.Equal(5, _order.PositionOf("x"));
        Assert.Equal(7, _order.PositionOf("d"));
    }

    [Fact]
    public void Publish_OrderChangedWithoutMoving_StillReportsTheChangedServer()
    {
        _order.Set(new("a", 10, T0));
        _order.Set(new("b", 20, T0));
        _order.Publish();

        Assert.True(_order.Set(new("a", 11, T0)));

        Assert.Equal(["a"], _order.Publish());
    }

    [Fact]
    public void Set_SameEntryAgain_NotAChangeOnceItWasPublished()
    {
        Assert.True(_order.Set(new("a", 10, T0)));
        Assert.True(_order.Set(new("a", 10, T0))); // still unpublished: its status waits for the publication
        _order.Publish();

        Assert.False(_order.Set(new("a", 10, T0)));
        Assert.Empty(_order.Publish());
    }

    [Fact]
    public void PublishChanged_InsertInTheMiddle_OnlyTheNewServerTheShiftedOnesAtTheNextPublish()
    {
        foreach (var (name, order) in new[] { ("a", 10), ("b", 20), ("c", 30), ("d", 40) })
        {
            _order.Set(new(name, order, T0));
        }

        _order.Publish();
        _order.Set(new("x", 15, T0));

        Assert.Equal(["x"], _order.PublishChanged());
        Assert.Equal(4, _order.PositionOf("x"));
        Assert.Equal(4, _order.PositionOf("b")); // merely moved: still the published position
        Assert.Equal(6, _order.PositionOf("d"));
        Assert.False(_order.Set(new("x", 15, T0)));

        Assert.Equal(["b", "c", "d"], _order.Publish());
        Assert.Equal(4, _order.PositionOf("x"));
        Assert.Equal(5, _order.PositionOf("b"));
        Assert.Equal(7, _order.PositionOf("d"));
    }

    [Fact]
    public void PublishChanged_NothingChanged_NothingAndPositionsKept()
    {
        _order.Set(new("a", 10, T0));
        _order.Set(new("b", 20, T0));
        _order.Publish();
        _order.Remove("a");

        Assert.Empty(_order.PublishChanged());
        Assert.Equal(4, _order.PositionOf("b"));
        Assert.Equal(["b"], _order.Publish());
        Assert.Equal(3, _order.PositionOf("b"));
    }

    [Fact]
    public void WithOrder_Ties_ExactlyTheServersWithThatOrder()
    {
        _order.Set(new("a", 10, T0));
        _order.Set(new("b", 10, null));
        _order.Set(new("c", 10, T0.AddDays(-1)));
        _order.Set(new("d", 11, DateTime.MinValue));
        _order.Set(new("e", 9, DateTime.MaxValue));
        _order.Set(new("f", null, T0));

        Assert.Equal(["c", "a", "b"], _order.WithOrder(10));
        Assert.Equal(["d"], _order.WithOrder(11));
        Assert.Empty(_order.WithOrder(12));
        _order.Set(new("a", 11, T0));
        Assert.Equal(["c", "b"], _order.WithOrder(10));
        Assert.Equal(["d", "a"], _order.WithOrder(11));
    }

    [Fact]
    public void Remove_Server_LaterOnesMoveUp()
    {
        _order.Set(new("a", 1, T0));
        _order.Set(new("b", 2, T0));
        _order.Set(new("c", 3, T0));
        _order.Publish();

        Assert.True(_order.Remove("a"));
        Assert.False(_order.Remove("a"));

        Assert.Equal(["b", "c"], _order.Publish());
        Assert.Null(_order.PositionOf("a"));
        Assert.Equal(3, _order.PositionOf("b"));
    }

    [Fact]
    public void Publish_RandomChanges_SameAsSortingEverything()
    {
        var random = new Random(42);
        var live = new Dictionary<string, OrderEntry>();
        for (var step = 0; step < 2000; step++)
        {
            var name = $"s{random.Next(200)}";
            if (random.Next(4) == 0)
            {
                _order.Remove(name);
                live.Remove(name);
            }
            else
            {
                var entry = new OrderEntry(name, random.Next(5) == 0 ? null : random.Next(50), T0.AddMinutes(random.Next(3)));
                _order.Set(entry);
                live[name] = entry;
            }

            if (step % 100 == 50)
            {
                _order.PublishChanged();
            }

            if (step % 100 == 0)
            {
                _order.Publish();
                var expected = DisplayOrderReference(live.Values);
                Assert.All(live.Keys, n => Assert.Equal(expected[n], _order.PositionOf(n)));
            }
        }
    }

    /// <summary>The rule written out as LINQ, independently of the index.</summary>
    private static Dictionary<string, int> DisplayOrderReference(IEnumerable<OrderEntry> entries) =>
        entries.OrderBy(e => e.Order ?? int.MaxValue).ThenBy(e => e.Order is null ? 1 : 0).ThenBy(e => e.CreatedAt).ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select((e, i) => (e.Name, Position: i + 3)).ToDictionary(p => p.Name, p => p.Position);
}
