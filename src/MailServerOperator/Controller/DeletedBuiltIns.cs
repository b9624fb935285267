using MailServerOperator.Api;

namespace MailServerOperator.Controller;

/// <summary>The built-ins seen deleted, so that recreating one (not creating it for a new namespace) is told with an Event.</summary>
internal sealed class DeletedBuiltIns
{
    private readonly Lock _lock = new();
    private readonly HashSet<ObjectKey> _deleted = [];

    public void Add(ObjectKey key)
    {
        lock (_lock)
        {
            _deleted.Add(key);
        }
    }

    /// <summary>True (once) when the built-in was seen deleted.</summary>
    public bool Take(ObjectKey key)
    {
        lock (_lock)
        {
            return _deleted.Remove(key);
        }
    }
}
