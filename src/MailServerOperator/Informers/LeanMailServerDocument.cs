using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MailServerOperator.Informers;

/// <summary>
/// The compact document a <see cref="MailServerObject"/> keeps, written in one pass of a Utf8JsonReader over the JSON
/// the API server sent: every value is copied as its raw bytes except metadata.managedFields and the
/// <see cref="MailServerObject.LastAppliedAnnotation"/> (an object's annotations are left out when nothing else is in
/// them), and the key, resourceVersion and generation are read on the way.
/// </summary>
internal static class LeanMailServerDocument
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>What the cache indexes by, read while the document is written.</summary>
    internal readonly record struct Facts(string Namespace, string Name, string ResourceVersion, long Generation);

    public static byte[] Write(ReadOnlySpan<byte> json, out Facts facts)
    {
        string? @namespace = null, name = null, resourceVersion = null;
        long generation = 0;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            facts = new Facts("", "", "", 0);
            return json.ToArray();
        }

        var writer = Writer();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            WriteName(ref reader, writer);
            reader.Read();
            if (!isMetadata || reader.TokenType != JsonTokenType.StartObject)
            {
                CopyValue(ref reader, writer, json);
                continue;
            }

            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("managedFields"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                if (reader.ValueTextEquals("annotations"u8))
                {
                    reader.Read();
                    WriteAnnotations(ref reader, writer, json);
                    continue;
                }

                var field = reader.ValueTextEquals("name"u8) ? 1
                    : reader.ValueTextEquals("namespace"u8) ? 2
                    : reader.ValueTextEquals("resourceVersion"u8) ? 3
                    : reader.ValueTextEquals("generation"u8) ? 4
                    : 0;
                WriteName(ref reader, writer);
                reader.Read();
                switch (field)
                {
                    case 1 when reader.TokenType == JsonTokenType.String: name = reader.GetString(); break;
                    case 2 when reader.TokenType == JsonTokenType.String: @namespace = SharedNames.Namespace(ref reader); break;
                    case 3 when reader.TokenType == JsonTokenType.String: resourceVersion = reader.GetString(); break;
                    case 4 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var g): generation = g; break;
                }

                CopyValue(ref reader, writer, json);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        facts = new Facts(@namespace ?? "", name ?? "", resourceVersion ?? "", generation);
        return Written(writer);
    }

    /// <summary>
    /// What validation reads, as a JSON element of its own: every top-level field but status, and of metadata only name
    /// and namespace (validation judges the spec the user wrote, not what the API server added).
    /// </summary>
    public static JsonElement ValidatedPart(byte[] document)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            var whole = new Utf8JsonReader(document);
            return JsonElement.ParseValue(ref whole);
        }

        var writer = Writer();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            var isMetadata = reader.ValueTextEquals("metadata"u8);
            WriteName(ref reader, writer);
            reader.Read();
            if (!isMetadata || reader.TokenType != JsonTokenType.StartObject)
            {
                CopyValue(ref reader, writer, document);
                continue;
            }

            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var kept = reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("namespace"u8);
                if (kept)
                {
                    WriteName(ref reader, writer);
                }

                reader.Read();
                if (kept)
                {
                    CopyValue(ref reader, writer, document);
                }
                else
                {
                    reader.Skip();
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        var part = new Utf8JsonReader(t_buffer!.WrittenSpan);
        return JsonElement.ParseValue(ref part);
    }

    private static void WriteAnnotations(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            writer.WritePropertyName("annotations"u8);
            CopyValue(ref reader, writer, json);
            return;
        }

        var started = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(MailServerObject.LastAppliedAnnotation))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject("annotations"u8);
                started = true;
            }

            WriteName(ref reader, writer);
            reader.Read();
            CopyValue(ref reader, writer, json);
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    private static void WriteName(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
        }
        else
        {
            writer.WritePropertyName(reader.ValueSpan);
        }
    }

    /// <summary>Copies the value the reader is on (a whole object or array included) as its raw bytes.</summary>
    private static void CopyValue(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        writer.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
    }

    private static Utf8JsonWriter Writer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        if (t_writer is null)
        {
            t_writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            t_writer.Reset(buffer);
        }

        return t_writer;
    }

    private static byte[] Written(Utf8JsonWriter writer)
    {
        writer.Flush();
        var bytes = t_buffer!.WrittenSpan.ToArray();
        if (t_buffer.Capacity > 256 * 1024)
        {
            t_buffer = null; // one huge object does not pin its buffer for the thread's lifetime
            t_writer = null;
        }

        return bytes;
    }
}
