namespace MailServerOperator.Controller;

/// <summary>
/// What decides a MailServer's place in its namespace's list, in the list's order: spec.order ascending (unset last),
/// ties broken by creation time, then name.
/// </summary>
internal readonly record struct OrderEntry(string Name, int? Order, DateTime? CreatedAt) : IComparable<OrderEntry>
{
    public int CompareTo(OrderEntry other)
    {
        var byOrder = (Order is null).CompareTo(other.Order is null);
        if (byOrder == 0)
        {
            byOrder = (Order ?? 0).CompareTo(other.Order ?? 0);
        }

        if (byOrder != 0)
        {
            return byOrder;
        }

        var byAge = (CreatedAt ?? DateTime.MaxValue).CompareTo(other.CreatedAt ?? DateTime.MaxValue);
        return byAge != 0 ? byAge : string.CompareOrdinal(Name, other.Name);
    }
}
