namespace MailServerOperator.Informers;

/// <summary>Receives the changes a reflector observes; called on the reflector's loop, so it must be quick (enqueue keys).</summary>
internal interface IResourceEventHandler<in T>
{
    void OnUpsert(T? previous, T current);

    void OnDelete(T previous);
}
