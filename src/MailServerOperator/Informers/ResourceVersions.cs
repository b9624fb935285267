namespace MailServerOperator.Informers;

internal static class ResourceVersions
{
    /// <summary>
    /// True when <paramref name="candidate"/> is not older than <paramref name="current"/>. Resource versions are opaque,
    /// but every apiserver backed by etcd issues increasing integers; anything else is treated as newer.
    /// </summary>
    public static bool IsNotOlder(string candidate, string? current) =>
        current is null
        || !long.TryParse(candidate, out var c)
        || !long.TryParse(current, out var p)
        || c >= p;
}
