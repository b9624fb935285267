using MailServerOperator.Controller;

namespace MailServerOperator.Tests.Controller;

public sealed class OrderTiesTests
{
    private readonly OrderTies _ties = new();

    [Fact]
    public void Set_TwoServersWithOneOrder_BothListedInNameOrder()
    {
        _ties.Set(new ObjectKey("ns", "b"), 10);
        _ties.Set(new ObjectKey("ns", "a"), 10);
        _ties.Set(new ObjectKey("ns", "c"), 11);

        Assert.Equal(["a", "b"], _ties.With("ns", 10));
        Assert.Equal(["c"], _ties.With("ns", 11));
    }

    [Fact]
    public void Set_NewOrder_MovesTheServerAndReturnsTheOldOne()
    {
        _ties.Set(new ObjectKey("ns", "a"), 10);
        _ties.Set(new ObjectKey("ns", "b"), 10);

        Assert.Equal(10, _ties.Set(new ObjectKey("ns", "b"), 12));

        Assert.Equal(["a"], _ties.With("ns", 10));
        Assert.Equal(["b"], _ties.With("ns", 12));
    }

    [Fact]
    public void Set_Null_RemovesTheServer()
    {
        _ties.Set(new ObjectKey("ns", "a"), 10);

        Assert.Equal(10, _ties.Set(new ObjectKey("ns", "a"), null));

        Assert.Empty(_ties.With("ns", 10));
        Assert.Null(_ties.Set(new ObjectKey("ns", "a"), null));
    }

    [Fact]
    public void Set_SameOrderAgain_ReturnsItAndKeepsOneEntry()
    {
        _ties.Set(new ObjectKey("ns", "a"), 10);

        Assert.Equal(10, _ties.Set(new ObjectKey("ns", "a"), 10));

        Assert.Equal(["a"], _ties.With("ns", 10));
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("exchange-online")]
    public void Set_BuiltIn_NeverListed(string name)
    {
        Assert.Null(_ties.Set(new ObjectKey("ns", name), 10));

        Assert.Empty(_ties.With("ns", 10));
    }

    [Fact]
    public void With_OtherNamespace_IsAnotherList()
    {
        _ties.Set(new ObjectKey("x", "a"), 10);

        Assert.Empty(_ties.With("y", 10));
    }
}
