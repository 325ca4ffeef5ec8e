using System.Text.Json;
using System.Text.Json.Serialization;
using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Storage;

/// <summary>Stores a digest hash as 16 hex digits: JSON numbers lose 64-bit precision in document databases.</summary>
public sealed class HexUInt64Converter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DigestHash.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Expected 16 hex digits.");

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DigestHash.Format(value));
}
