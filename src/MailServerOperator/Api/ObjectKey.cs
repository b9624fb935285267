namespace MailServerOperator.Api;

/// <summary>
/// The namespace and name of an object (client-go's NamespacedName): what the work queue and the caches are keyed by, never
/// the object itself. It lives with the API types, below the informers and the controller that both use it.
/// </summary>
internal readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
