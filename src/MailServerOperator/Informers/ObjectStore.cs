using MailServerOperator.Api;

namespace MailServerOperator.Informers;

/// <summary>The informer cache: the latest observed version of each object, indexed by namespace. Thread-safe.</summary>
internal sealed class ObjectStore<T>(Func<T, string> versionOf)
    where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, T>> _byNamespace = new(StringComparer.Ordinal);

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _byNamespace.TryGetValue(key.Namespace, out var items) ? items.GetValueOrDefault(key.Name) : null;
        }
    }

    public IReadOnlyList<T> List(string @namespace)
    {
        lock (_lock)
        {
            return _byNamespace.TryGetValue(@namespace, out var items) ? [.. items.Values] : [];
        }
    }

    public bool Any(string @namespace)
    {
        lock (_lock)
        {
            return _byNamespace.TryGetValue(@namespace, out var items) && items.Count > 0;
        }
    }

    public IReadOnlyList<string> Namespaces()
    {
        lock (_lock)
        {
            return [.. _byNamespace.Keys];
        }
    }

    /// <summary>The keys of one namespace, or of every namespace when <paramref name="namespace"/> is null.</summary>
    public IReadOnlyList<ObjectKey> Keys(string? @namespace = null)
    {
        lock (_lock)
        {
            return @namespace is null
                ? [.. _byNamespace.SelectMany(ns => ns.Value.Keys.Select(name => new ObjectKey(ns.Key, name)))]
                : _byNamespace.TryGetValue(@namespace, out var items) ? [.. items.Keys.Select(name => new ObjectKey(@namespace, name))] : [];
        }
    }

    /// <summary>
    /// Stores the item unless the store already holds the same or a newer version (a write-through of the operator's
    /// own write may arrive before the watch event for it). Returns whether it was stored and what it replaced.
    /// </summary>
    public (bool Stored, T? Previous) Upsert(ObjectKey key, T item)
    {
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(key.Namespace, out var items))
            {
                items = new Dictionary<string, T>(StringComparer.Ordinal);
                _byNamespace[key.Namespace] = items;
            }

            var previous = items.GetValueOrDefault(key.Name);
            if (previous is not null && !IsNewer(versionOf(item), versionOf(previous)))
            {
                return (false, previous);
            }

            items[key.Name] = item;
            return (true, previous);
        }
    }

    private static bool IsNewer(string candidate, string current) =>
        candidate != current && ResourceVersions.IsNotOlder(candidate, current);

    public T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(key.Namespace, out var items) || !items.Remove(key.Name, out var previous))
            {
                return null;
            }

            if (items.Count == 0)
            {
                _byNamespace.Remove(key.Namespace);
            }

            return previous;
        }
    }
}
