using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// Reads a document into <see cref="MailServer"/> with <see cref="MailServerJson.Options"/>, turning every value of the wrong
/// type into a field-addressed error. A wrong value is removed and the read retried, so all of them are reported at once;
/// the partial object that remains lets the rules still judge the rest.
/// </summary>
internal static class MailServerDeserializer
{
    private const int MaxAttempts = 32;

    /// <returns>
    /// The object read, without the values listed in <see cref="MailServerReadResult.UnreadableFields"/> (one error each in
    /// <see cref="MailServerReadResult.Issues"/>); null when nothing could be read.
    /// </returns>
    public static MailServerReadResult Deserialize(JsonElement document)
    {
        var issues = new List<ValidationIssue>();
        var unreadable = new List<string>();
        JsonNode? node = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                var server = node is null
                    ? document.Deserialize(MailServerJsonContext.Default.MailServer)
                    : node.Deserialize(MailServerJsonContext.Default.MailServer);
                return new MailServerReadResult(server, issues, unreadable);
            }
            catch (JsonException exception)
            {
                node ??= JsonNode.Parse(document.GetRawText());
                var field = FieldPath.FromJsonPath(exception.Path);
                var found = JsonValueDescription.Of(Find(node, field));
                var expected = ModelTypeDescription.Of(MailServerJsonContext.Default.MailServer, field) ?? "a different value";
                issues.Add(ValidationIssue.Error(field, $"must be {expected}, not {found}"));
                unreadable.Add(field);
                if (!TryRemove(node, field))
                {
                    break;
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or ArgumentException or FormatException)
            {
                issues.Add(ValidationIssue.Error(FieldPath.Root, $"cannot be read as a MailServer: {exception.Message}"));
                unreadable.Add(FieldPath.Root);
                break;
            }
        }

        return new MailServerReadResult(null, issues, unreadable);
    }

    private static JsonNode? Find(JsonNode? node, string field)
    {
        foreach (var segment in FieldPath.Segments(field))
        {
            node = (node, segment) switch
            {
                (JsonObject obj, { Name: { } name }) => obj[name],
                (JsonArray array, { Index: { } index }) when index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static bool TryRemove(JsonNode? root, string field)
    {
        var parentPath = FieldPath.Parent(field);
        if (parentPath is null)
        {
            return false;
        }

        var segments = FieldPath.Segments(field);
        FieldPathSegment? last = segments.Count > 0 ? segments[^1] : null;
        return (Find(root, parentPath), last) switch
        {
            (JsonObject obj, { Name: { } name }) => obj.Remove(name),
            (JsonArray array, { Index: { } index }) when index < array.Count => RemoveAt(array, index),
            _ => false,
        };
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }
}
