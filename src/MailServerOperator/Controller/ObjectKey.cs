namespace MailServerOperator.Controller;

/// <summary>What the work queue holds: the namespace and name of a MailServer, never the object itself.</summary>
internal readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
