using System.Text.Json;

namespace MailServerOperator.Informers;

/// <summary>Receives one complete item of a list response, as the raw UTF-8 JSON of that item.</summary>
internal delegate void ListItemHandler(ReadOnlySpan<byte> item);

/// <summary>
/// Reads a Kubernetes list response (<c>{"apiVersion":…,"items":[…],"kind":…,"metadata":{…}}</c>) from its stream
/// with a Utf8JsonReader, handing out each item as soon as its bytes are in: the response, however large (a list
/// served whole from the API server's watch cache), is never held, only the item being read and one read buffer.
/// </summary>
internal sealed class ListResponseReader
{
    private const int InitialBufferSize = 64 * 1024;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _filled;
    private JsonReaderState _state;
    private bool _inItems;
    private bool _atItems;
    private bool _atMetadata;

    /// <summary>metadata.resourceVersion of the list; known once the stream is read to its end.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>metadata.continue of the list (a further page), or null.</summary>
    public string? Continue { get; private set; }

    /// <summary>
    /// Reads once from the stream and hands out every item completed by what it read; false once the stream has
    /// ended (and everything in it was read). A response cut short fails with a JsonException.
    /// </summary>
    public async Task<bool> ReadSomeAsync(Stream stream, ListItemHandler onItem, CancellationToken cancellationToken)
    {
        if (_filled == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2); // one item larger than the buffer
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_filled), cancellationToken);
        _filled += read;
        var consumed = Scan(_buffer.AsSpan(0, _filled), isFinalBlock: read == 0, onItem);
        _buffer.AsSpan(consumed, _filled - consumed).CopyTo(_buffer);
        _filled -= consumed;
        return read > 0;
    }

    /// <summary>Reads every complete token of <paramref name="data"/>; returns how many bytes it consumed.</summary>
    private int Scan(ReadOnlySpan<byte> data, bool isFinalBlock, ListItemHandler onItem)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        var consumed = 0;
        while (true)
        {
            var before = reader.CurrentState;
            if (!reader.Read())
            {
                break;
            }

            if (reader.TokenType == JsonTokenType.StartObject && (_inItems || _atMetadata))
            {
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    _state = before; // the object is not complete yet: read it again once more bytes are in
                    return consumed;
                }

                var value = data[start..(int)reader.BytesConsumed];
                if (_atMetadata)
                {
                    ReadListMetadata(value);
                    _atMetadata = false;
                }
                else
                {
                    onItem(value);
                }
            }
            else if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                _atItems = reader.ValueTextEquals("items"u8);
                _atMetadata = reader.ValueTextEquals("metadata"u8);
            }
            else if (_atItems && reader.TokenType == JsonTokenType.StartArray)
            {
                _inItems = true;
                _atItems = false;
            }
            else if (_inItems && reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
            {
                _inItems = false;
            }
            else if (reader.CurrentDepth <= 1)
            {
                _atItems = _atMetadata = false;
            }

            consumed = (int)reader.BytesConsumed;
        }

        _state = reader.CurrentState;
        return consumed;
    }

    private void ReadListMetadata(ReadOnlySpan<byte> metadata)
    {
        var reader = new Utf8JsonReader(metadata);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("resourceVersion"u8);
                var isContinue = reader.ValueTextEquals("continue"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isVersion || isContinue))
                {
                    var value = reader.GetString();
                    if (isVersion)
                    {
                        ResourceVersion = value;
                    }
                    else
                    {
                        Continue = string.IsNullOrEmpty(value) ? null : value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}
