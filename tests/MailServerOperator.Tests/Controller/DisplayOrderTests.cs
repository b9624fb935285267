using MailServerOperator.Controller;

namespace MailServerOperator.Tests.Controller;

public sealed class DisplayOrderTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Positions_BuiltIns_AreAlwaysOneAndTwo()
    {
        var positions = DisplayOrder.Positions([new("exchange-online", 1, T0), new("gmail", 99, T0), new("isp", 0, T0)]);

        Assert.Equal(1, positions["gmail"]);
        Assert.Equal(2, positions["exchange-online"]);
        Assert.Equal(3, positions["isp"]);
    }

    [Fact]
    public void Positions_ByOrderAscending_UnsetLast()
    {
        var positions = DisplayOrder.Positions(
        [
            new("unset", null, T0),
            new("twenty", 20, T0.AddDays(1)),
            new("ten", 10, T0.AddDays(2)),
        ]);

        Assert.Equal([("ten", 3), ("twenty", 4), ("unset", 5)], Others(positions));
    }

    [Fact]
    public void Positions_SameOrder_OlderFirstThenName()
    {
        var positions = DisplayOrder.Positions(
        [
            new("b-new", 5, T0.AddHours(1)),
            new("c-old", 5, T0),
            new("a-old", 5, T0),
        ]);

        Assert.Equal([("a-old", 3), ("c-old", 4), ("b-new", 5)], Others(positions));
    }

    [Fact]
    public void Positions_MaxIntOrder_StillBeforeUnset()
    {
        var positions = DisplayOrder.Positions([new("unset", null, T0), new("max", int.MaxValue, T0.AddDays(1))]);

        Assert.Equal([("max", 3), ("unset", 4)], Others(positions));
    }

    private static List<(string, int)> Others(IReadOnlyDictionary<string, int> positions) =>
        [.. positions.Where(p => p.Value > 2).OrderBy(p => p.Value).Select(p => (p.Key, p.Value))];
}
