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
}
