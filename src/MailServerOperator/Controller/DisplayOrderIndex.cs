using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>The display order of every namespace, kept as MailServers change. Thread-safe.</summary>
internal sealed class DisplayOrderIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NamespaceOrder> _namespaces = new(StringComparer.Ordinal);

    /// <summary>Adds or updates a server (built-ins have fixed places); true when its place may have changed.</summary>
    public bool Set(string @namespace, OrderEntry entry)
    {
        if (ReservedMailServerNames.IsReserved(entry.Name))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_namespaces.TryGetValue(@namespace, out var order))
            {
                order = new NamespaceOrder();
                _namespaces[@namespace] = order;
            }

            return order.Set(entry);
        }
    }

    /// <summary>Removes a server; true when it was listed (the servers after it move up at the next publication).</summary>
    public bool Remove(ObjectKey key)
    {
        lock (_lock)
        {
            return _namespaces.TryGetValue(key.Namespace, out var order) && order.Remove(key.Name);
        }
    }

    /// <summary>The servers of the namespace whose spec.order is <paramref name="order"/> (never the built-ins).</summary>
    public IReadOnlyList<string> NamesWithOrder(string @namespace, int order)
    {
        lock (_lock)
        {
            return _namespaces.TryGetValue(@namespace, out var items) ? [.. items.WithOrder(order)] : [];
        }
    }

    public int? PositionOf(ObjectKey key)
    {
        lock (_lock)
        {
            return _namespaces.TryGetValue(key.Namespace, out var order) ? order.PositionOf(key.Name) : NamespaceOrder.BuiltInPosition(key.Name);
        }
    }

    /// <summary>
    /// Publishes a namespace's current order (<paramref name="complete"/>), or only the positions of the servers that
    /// changed since the last publication; returns the servers whose status should now be written.
    /// </summary>
    public IReadOnlyList<ObjectKey> Publish(string @namespace, bool complete = true)
    {
        lock (_lock)
        {
            if (!_namespaces.TryGetValue(@namespace, out var order))
            {
                return [];
            }

            var moved = complete ? order.Publish() : order.PublishChanged();
            if (order.IsEmpty)
            {
                _namespaces.Remove(@namespace);
            }

            return [.. moved.Select(name => new ObjectKey(@namespace, name))];
        }
    }
}
