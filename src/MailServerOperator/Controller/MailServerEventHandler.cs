using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Controller;

/// <summary>
/// Turns MailServer changes into work-queue keys. A change that can move servers (a create, a delete, a new
/// spec.order) updates the namespace's order index at once (O(log n)); the keys it affects wait until the namespace
/// settles (a burst of creates is ordered once), then only the servers whose position moved are enqueued, with
/// missing built-ins; a namespace that stays busy past PositionMaxDelay gets the changed servers written, and the
/// ones that merely moved wait for the quiet. Any other change enqueues its own key at once.
/// </summary>
internal sealed class MailServerEventHandler : IResourceEventHandler<MailServerObject>, IDisposable
{
    private readonly WorkQueue _queue;
    private readonly ObjectStore<MailServerObject> _cache;
    private readonly DisplayOrderIndex _order;
    private readonly DeletedBuiltIns _deletedBuiltIns;
    private readonly NamespaceSettler _settler;

    public MailServerEventHandler(
        WorkQueue queue, ObjectStore<MailServerObject> cache, DisplayOrderIndex order, DeletedBuiltIns deletedBuiltIns, ControllerOptions options, TimeProvider time)
    {
        _queue = queue;
        _cache = cache;
        _order = order;
        _deletedBuiltIns = deletedBuiltIns;
        _settler = new NamespaceSettler(time, options.PositionSettleMinDelay, options.PositionSettleDelay, options.PositionMaxDelay, Publish);
    }

    public void OnUpsert(MailServerObject? previous, MailServerObject current)
    {
        var entry = new OrderEntry(current.Key.Name, current.Server.Spec?.Order, current.Metadata.CreationTimestamp);
        var mayMove = _order.Set(current.Key.Namespace, entry); // first: the ties' reconciles read the index
        EnqueueOrderTies(previous?.Server.Spec?.Order, current);
        if (mayMove)
        {
            _settler.Touch(current.Key.Namespace);
        }
        else
        {
            _queue.Add(current.Key);
        }
    }

    public void OnDelete(MailServerObject previous)
    {
        if (ReservedMailServerNames.IsReserved(previous.Key.Name))
        {
            _deletedBuiltIns.Add(previous.Key);
        }

        _queue.Add(previous.Key); // its verification is forgotten; a built-in is recreated
        if (_order.Remove(previous.Key))
        {
            _settler.Touch(previous.Key.Namespace);
            EnqueueTies(previous.Key, previous.Server.Spec?.Order); // they lose the duplicate-order warning at once
        }
    }

    /// <summary>Publishes the namespace's order now and enqueues every server in it, and the built-ins.</summary>
    public void EnqueueNamespace(string @namespace)
    {
        _settler.Flush(@namespace);
        foreach (var name in ReservedMailServerNames.All)
        {
            _queue.Add(new ObjectKey(@namespace, name));
        }

        foreach (var key in _cache.Keys(@namespace))
        {
            _queue.Add(key);
        }
    }

    public void Dispose() => _settler.Dispose();

    /// <summary>
    /// Servers sharing the old or the new spec.order gain or lose the duplicate-order warning (OrderRules) even when no
    /// position moves; only they are enqueued, and only when the order changed.
    /// </summary>
    private void EnqueueOrderTies(int? previousOrder, MailServerObject current)
    {
        var order = current.Server.Spec?.Order;
        if (previousOrder == order && previousOrder is not null)
        {
            return;
        }

        EnqueueTies(current.Key, previousOrder);
        EnqueueTies(current.Key, order);
    }

    private void EnqueueTies(ObjectKey key, int? order)
    {
        if (order is null)
        {
            return;
        }

        foreach (var name in _order.NamesWithOrder(key.Namespace, order.Value))
        {
            if (name != key.Name)
            {
                _queue.Add(new ObjectKey(key.Namespace, name));
            }
        }
    }

    private void Publish(string @namespace, bool quiet)
    {
        foreach (var key in _order.Publish(@namespace, complete: quiet))
        {
            _queue.Add(key);
        }

        foreach (var name in ReservedMailServerNames.All)
        {
            var key = new ObjectKey(@namespace, name);
            if (_cache.Get(key) is null)
            {
                _queue.Add(key);
            }
        }
    }
}
