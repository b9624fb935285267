using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>
/// The display order of one namespace: gmail (1), exchange-online (2), then the other servers by
/// spec.order ascending (unset last), ties broken by creation time, then name.
/// </summary>
internal static class DisplayOrder
{
    public static IReadOnlyDictionary<string, int> Positions(IEnumerable<OrderEntry> servers)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ReservedMailServerNames.All.Count; i++)
        {
            positions[ReservedMailServerNames.All[i]] = i + 1;
        }

        var others = servers
            .Where(s => !ReservedMailServerNames.IsReserved(s.Name))
            .OrderBy(s => s.Order ?? int.MaxValue)
            .ThenBy(s => s.Order is null ? 1 : 0)
            .ThenBy(s => s.CreatedAt ?? DateTime.MaxValue)
            .ThenBy(s => s.Name, StringComparer.Ordinal);

        var position = ReservedMailServerNames.All.Count;
        foreach (var server in others)
        {
            positions[server.Name] = ++position;
        }

        return positions;
    }
}
