using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>
/// Which "other" servers of a namespace share each <c>spec.order</c> value, kept as MailServers change, so neither the
/// event handler nor a reconcile scans its namespace for the duplicate-order warning (that scan made an import of n
/// servers into one namespace cost O(n²)). Built-ins have fixed places and are never listed. Thread-safe.
/// </summary>
internal sealed class OrderTies
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, int> _orders = [];
    private readonly Dictionary<(string Namespace, int Order), SortedSet<string>> _names = [];

    /// <summary>Records the server's order (null: none, or deleted); returns the order it had before.</summary>
    public int? Set(ObjectKey key, int? order)
    {
        if (ReservedMailServerNames.IsReserved(key.Name))
        {
            return null;
        }

        lock (_lock)
        {
            int? previous = _orders.TryGetValue(key, out var known) ? known : null;
            if (previous == order)
            {
                return previous;
            }

            if (previous is { } old)
            {
                var names = _names[(key.Namespace, old)];
                names.Remove(key.Name);
                if (names.Count == 0)
                {
                    _names.Remove((key.Namespace, old));
                }

                _orders.Remove(key);
            }

            if (order is { } value)
            {
                _orders[key] = value;
                if (!_names.TryGetValue((key.Namespace, value), out var names))
                {
                    names = new SortedSet<string>(StringComparer.Ordinal);
                    _names[(key.Namespace, value)] = names;
                }

                names.Add(key.Name);
            }

            return previous;
        }
    }

    /// <summary>The servers of <paramref name="namespace"/> whose order is <paramref name="order"/>, in name order.</summary>
    public IReadOnlyList<string> With(string @namespace, int order)
    {
        lock (_lock)
        {
            return _names.TryGetValue((@namespace, order), out var names) ? [.. names] : [];
        }
    }
}
