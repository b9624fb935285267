using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>
/// The display order of one namespace computed at once: gmail (1), exchange-online (2), then the other servers in
/// <see cref="OrderEntry"/> order. The operator keeps it incrementally in <see cref="DisplayOrderIndex"/>.
/// </summary>
internal static class DisplayOrder
{
    public static IReadOnlyDictionary<string, int> Positions(IEnumerable<OrderEntry> servers)
    {
        var order = new NamespaceOrder();
        var names = new List<string>(ReservedMailServerNames.All);
        foreach (var server in servers.Where(s => !ReservedMailServerNames.IsReserved(s.Name)))
        {
            order.Set(server);
            names.Add(server.Name);
        }

        order.Publish();
        return names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => order.PositionOf(n)!.Value, StringComparer.Ordinal);
    }
}
