using System.Text.Json;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// The body the Functions host POSTs to <c>/{FunctionName}</c>: <c>{"Data":{…},"Metadata":{…}}</c>. The host
/// (HttpScriptInvocationContext, serialized with Newtonsoft.Json) keeps objects as objects but sends strings, numbers
/// and arrays as JSON text inside a JSON string, and byte arrays as base64: <see cref="Decode"/> undoes the first.
/// </summary>
internal sealed class InvocationRequest
{
    private InvocationRequest(JsonElement data, JsonElement metadata)
    {
        Data = data;
        Metadata = metadata;
    }

    public JsonElement Data { get; }

    public JsonElement Metadata { get; }

    /// <summary>Reads the envelope; throws <see cref="InvalidInvocationException"/> when it is not one.</summary>
    public static InvocationRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInvocationException($"The invocation body must be a JSON object (was {root.ValueKind}).");
        }

        var data = Property(root, "Data") ?? throw new InvalidInvocationException("The invocation body has no 'Data' object.");
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInvocationException($"The invocation's 'Data' must be an object (was {data.ValueKind}).");
        }

        var metadata = Property(root, "Metadata") is { ValueKind: JsonValueKind.Object } m ? m : default;
        return new InvocationRequest(data, metadata);
    }

    /// <summary>The binding or metadata value named <paramref name="name"/> (case-insensitive, as the host's JSON reader is), decoded.</summary>
    public JsonElement? DataValue(string name) => Property(Data, name) is { } value ? Decode(value) : null;

    public JsonElement? MetadataValue(string name) => Property(Metadata, name) is { } value ? Decode(value) : null;

    /// <summary>
    /// A string holding JSON text (an array, an object, a number, a quoted string) becomes that JSON; any other
    /// string, or a value that is not a string, is returned as it is.
    /// </summary>
    public static JsonElement Decode(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return value;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return value;
        }
    }

    internal static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
