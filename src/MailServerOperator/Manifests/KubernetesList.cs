using System.Text.Json;
using MailServerOperator.Api;

namespace MailServerOperator.Manifests;

/// <summary>
/// A <c>kind: List</c> document (what <c>kubectl get -o yaml</c> prints, and what <c>kubectl apply</c> accepts) stands for
/// its items: each becomes a document of its own, with its own lines.
/// </summary>
internal static class KubernetesList
{
    public static IEnumerable<ManifestDocument> Expand(ManifestDocument document)
    {
        if (document.Kind is not { } kind || !kind.EndsWith("List", StringComparison.Ordinal) ||
            !document.Content.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            yield return document;
            yield break;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = FieldPath.Index("items", index++);
            var lines = document.FieldLines
                .Where(entry => FieldPath.IsWithin(entry.Key, itemPath))
                .ToDictionary(entry => entry.Key[itemPath.Length..].TrimStart('.'), entry => entry.Value, StringComparer.Ordinal);
            var notes = document.Notes
                .Where(note => FieldPath.IsWithin(note.Field, itemPath))
                .Select(note => note with { Field = note.Field[itemPath.Length..].TrimStart('.') })
                .ToList();
            yield return document with { Line = document.LineOf(itemPath), Content = item, FieldLines = lines, Notes = notes };
        }
    }
}
