using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Core.Wire;

/// <summary>
/// Carries a JSON object as its raw text: read any object (or null) into its text, write the text back
/// verbatim. Everything that reaches a record's State or Config was produced by this converter or by
/// <see cref="JsonElement.GetRawText"/>, so writing skips re-validation on the hot path.
/// </summary>
public sealed class RawJsonObjectConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object or null, found {reader.TokenType}.");
        }

        var start = reader;
        if (CompactText.TryRead(ref reader) is { } text)
        {
            return text;
        }

        // Whitespace inside the object (or a reader over several segments): the text as it came, through a document.
        reader = start;
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteRawValue(value, skipInputValidation: true);
    }

    /// <summary>
    /// An object's text rebuilt from its tokens into a pooled buffer: the same bytes as the input when the input has no
    /// whitespace between tokens (each token must start where the copy has got to), which is how every encoder of
    /// ours writes it. One string per object instead of a document, a copy of the bytes and its metadata.
    /// </summary>
    private static class CompactText
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>The text, with <paramref name="reader"/> on the object's end; null if it was not compact (the reader is then anywhere).</summary>
        public static string? TryRead(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence)
            {
                return null;
            }

            var origin = reader.TokenStartIndex;
            var depth = reader.CurrentDepth;
            var buffer = ArrayPool<byte>.Shared.Rent(256);
            var length = 0;
            var afterValue = false;
            try
            {
                while (true)
                {
                    var type = reader.TokenType;
                    var separate = afterValue && type is not (JsonTokenType.EndObject or JsonTokenType.EndArray);
                    if (separate)
                    {
                        Append(ref buffer, ref length, (byte)',');
                    }

                    if (reader.TokenStartIndex - origin != length)
                    {
                        return null;
                    }

                    switch (type)
                    {
                        case JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.EndObject or JsonTokenType.EndArray:
                            Append(ref buffer, ref length, type switch
                            {
                                JsonTokenType.StartObject => (byte)'{',
                                JsonTokenType.StartArray => (byte)'[',
                                JsonTokenType.EndObject => (byte)'}',
                                _ => (byte)']',
                            });
                            afterValue = type is JsonTokenType.EndObject or JsonTokenType.EndArray;
                            break;
                        case JsonTokenType.PropertyName:
                            Append(ref buffer, ref length, (byte)'"');
                            Append(ref buffer, ref length, reader.ValueSpan);
                            Append(ref buffer, ref length, (byte)'"');
                            Append(ref buffer, ref length, (byte)':');
                            afterValue = false;
                            break;
                        case JsonTokenType.String:
                            Append(ref buffer, ref length, (byte)'"');
                            Append(ref buffer, ref length, reader.ValueSpan);
                            Append(ref buffer, ref length, (byte)'"');
                            afterValue = true;
                            break;
                        default:
                            Append(ref buffer, ref length, reader.ValueSpan);
                            afterValue = true;
                            break;
                    }

                    if (type == JsonTokenType.EndObject && reader.CurrentDepth == depth)
                    {
                        return Strict.GetString(buffer, 0, length);
                    }

                    if (!reader.Read())
                    {
                        return null;
                    }
                }
            }
            catch (DecoderFallbackException ex)
            {
                throw new JsonException("A JSON object holds bytes that are not UTF-8.", ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static void Append(ref byte[] buffer, ref int length, byte value) => Append(ref buffer, ref length, [value]);

        private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
        {
            if (length + bytes.Length > buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            bytes.CopyTo(buffer.AsSpan(length));
            length += bytes.Length;
        }
    }
}
