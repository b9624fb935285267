using System.Text.Json;

namespace MailServerOperator.Informers;

/// <summary>
/// One string per namespace name for every cached object of that namespace (10,000 servers in one namespace share
/// one). Namespaces are few and long-lived, so the pool only grows; a name that cannot be a namespace (over 63
/// characters) is not pooled.
/// </summary>
internal static class SharedNames
{
    private const int MaxNamespaceLength = 63;
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal);
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Namespaces.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The namespace string the reader is on, shared with every earlier one of the same value.</summary>
    public static string Namespace(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxNamespaceLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxNamespaceLength];
        var name = chars[..reader.CopyString(chars)];
        lock (Gate)
        {
            if (ByChars.TryGetValue(name, out var shared))
            {
                return shared;
            }

            shared = name.ToString();
            Namespaces.Add(shared);
            return shared;
        }
    }
}
