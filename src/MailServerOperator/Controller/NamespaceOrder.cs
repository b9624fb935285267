using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>
/// One namespace's list of "other" servers, kept sorted as changes arrive (O(log n) each), and the positions last
/// published from it. Positions change only when published, so a burst of creates is ordered once, not once per create.
/// Not thread-safe: <see cref="DisplayOrderIndex"/> guards it.
/// </summary>
internal sealed class NamespaceOrder
{
    private const string LastName = "\uffff"; // sorts after every Kubernetes name (lowercase ASCII)
    private readonly SortedSet<OrderEntry> _sorted = [];
    private readonly Dictionary<string, OrderEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private Dictionary<string, int> _published = new(StringComparer.Ordinal);

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>
    /// Adds or updates a server; true when its place may have changed, so its next status should wait for the next
    /// publication (also while an earlier change to it is still unpublished).
    /// </summary>
    public bool Set(OrderEntry entry)
    {
        if (_entries.TryGetValue(entry.Name, out var existing))
        {
            if (existing == entry)
            {
                return _changed.Contains(entry.Name);
            }

            _sorted.Remove(existing);
        }

        _entries[entry.Name] = entry;
        _sorted.Add(entry);
        _changed.Add(entry.Name);
        return true;
    }

    public bool Remove(string name)
    {
        if (!_entries.Remove(name, out var existing))
        {
            return false;
        }

        _sorted.Remove(existing);
        _changed.Remove(name);
        _published.Remove(name);
        return true;
    }

    /// <summary>The servers whose spec.order is <paramref name="order"/> (O(log n) plus the ones found).</summary>
    public IEnumerable<string> WithOrder(int order) =>
        _sorted.GetViewBetween(new OrderEntry("", order, DateTime.MinValue), new OrderEntry(LastName, order, null)).Select(entry => entry.Name);

    /// <summary>The published position: 1 and 2 for the built-ins, null for a server not yet published.</summary>
    public int? PositionOf(string name) => _published.TryGetValue(name, out var position) ? position : BuiltInPosition(name);

    /// <summary>Publishes the current order; returns the servers that changed since the last publication or whose position moved.</summary>
    public List<string> Publish()
    {
        var next = new Dictionary<string, int>(_entries.Count, StringComparer.Ordinal);
        var moved = new List<string>();
        var position = ReservedMailServerNames.All.Count;
        foreach (var entry in _sorted)
        {
            next[entry.Name] = ++position;
            if (_changed.Contains(entry.Name) || !_published.TryGetValue(entry.Name, out var before) || before != position)
            {
                moved.Add(entry.Name);
            }
        }

        _published = next;
        _changed.Clear();
        return moved;
    }

    /// <summary>
    /// Publishes the current positions of the servers that changed since the last publication (they need a status
    /// write anyway) and returns them; the servers that merely moved keep their published positions until the next
    /// <see cref="Publish"/>, so a namespace that does not go quiet is not rewritten as a whole.
    /// </summary>
    public List<string> PublishChanged()
    {
        var changed = new List<string>(_changed.Count);
        if (_changed.Count == 0)
        {
            return changed;
        }

        var position = ReservedMailServerNames.All.Count;
        foreach (var entry in _sorted)
        {
            position++;
            if (_changed.Contains(entry.Name))
            {
                _published[entry.Name] = position;
                changed.Add(entry.Name);
            }
        }

        _changed.Clear();
        return changed;
    }

    public static int? BuiltInPosition(string name)
    {
        for (var i = 0; i < ReservedMailServerNames.All.Count; i++)
        {
            if (ReservedMailServerNames.All[i] == name)
            {
                return i + 1;
            }
        }

        return null;
    }
}
