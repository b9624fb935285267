namespace MailServerOperator.Informers;

/// <summary>The <c>type</c> of a watch event, as the API server sends it (KubernetesClient.Aot has no watch helper, so none).</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Error,
    Bookmark,
}
