using System.Globalization;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

public sealed class OrderRulesTests
{
    [Theory]
    [InlineData("b=10", "order 10 is also the order of b in this namespace")]
    [InlineData("b=10 c=10", "order 10 is also the order of b, c in this namespace")]
    [InlineData("b=11", null)]
    [InlineData("b=", null)]
    [InlineData("a=10", null)] // itself (or the same object seen twice)
    [InlineData("gmail=10 exchange-online=10", null)] // built-ins have fixed places
    public void Check_NamespaceServers_WarnsOnlyOfARealTie(string others, string? expected)
    {
        var servers = others.Split(' ').Select(entry => entry.Split('=')).Select(p => new OrderedServer(p[0], p[1].Length > 0 ? int.Parse(p[1], CultureInfo.InvariantCulture) : null));

        var warning = OrderRules.Check(new OrderedServer("a", 10), servers);

        if (expected is null)
        {
            Assert.Null(warning);
        }
        else
        {
            Assert.NotNull(warning);
            Assert.Equal(ValidationSeverity.Warning, warning.Severity);
            Assert.Equal("spec.order", warning.Field);
            Assert.StartsWith(expected, warning.Message, StringComparison.Ordinal);
            Assert.EndsWith("give each server its own order", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_WithoutOrder_NeverWarns() =>
        Assert.Null(OrderRules.Check(new OrderedServer("a", null), [new OrderedServer("b", null)]));

    [Fact]
    public void Check_OtherWithLocation_NamesWhereItIsWritten() =>
        Assert.Contains("b (b.yaml:7)", OrderRules.Check(new OrderedServer("a", 1), [new OrderedServer("b", 1, "b.yaml:7")])!.Message, StringComparison.Ordinal);
}
