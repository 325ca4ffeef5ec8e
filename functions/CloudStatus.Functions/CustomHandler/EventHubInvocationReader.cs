using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// Turns an <c>eventHubTrigger</c> invocation with <c>cardinality: many</c> into messages for ingest. Shapes (host
/// ScriptInvocationContextExtensions + Event Hubs extension EventHubTriggerBindingStrategy, see
/// tests/…/CustomHandler/Fixtures/README.md): <c>Data.{binding}</c> is a JSON string holding an array of base64
/// bodies (<c>dataType: binary</c>); <c>Metadata</c> holds <c>SystemPropertiesArray</c>, <c>PropertiesArray</c>,
/// <c>EnqueuedTimeUtcArray</c> and <c>SequenceNumberArray</c> as JSON strings of arrays, one entry per event, and
/// <c>PartitionContext</c> as an object. IoT Hub's system properties name the sending device and module.
/// </summary>
internal static class EventHubInvocationReader
{
    public const string DeviceIdProperty = "iothub-connection-device-id";
    public const string ModuleIdProperty = "iothub-connection-module-id";
    public const string IotHubEnqueuedTimeProperty = "iothub-enqueuedtime";
    public const string MessageIdProperty = "message-id";
    public const string ContentTypeProperty = "content-type";
    public const string ContentEncodingProperty = "content-encoding";

    /// <summary>Every event of the invocation in partition order; throws <see cref="InvalidInvocationException"/> when there is no event array.</summary>
    public static IReadOnlyList<HubEvent> Read(InvocationRequest invocation, string bindingName)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var bodies = invocation.DataValue(bindingName)
            ?? throw new InvalidInvocationException($"The invocation has no Data.{bindingName}.");
        if (bodies.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInvocationException($"Data.{bindingName} must be an array of event bodies, or a JSON string holding one (was {bodies.ValueKind}).");
        }

        var system = ArrayOrEmpty(invocation.MetadataValue("SystemPropertiesArray"));
        var properties = ArrayOrEmpty(invocation.MetadataValue("PropertiesArray"));
        var enqueued = ArrayOrEmpty(invocation.MetadataValue("EnqueuedTimeUtcArray"));
        var sequence = ArrayOrEmpty(invocation.MetadataValue("SequenceNumberArray"));

        var events = new List<HubEvent>(bodies.GetArrayLength());
        var index = 0;
        foreach (var body in bodies.EnumerateArray())
        {
            var sys = At(system, index);
            var (bytes, bodyProblem) = Body(body);
            var deviceId = Text(sys, DeviceIdProperty);
            var message = new InboundMessage
            {
                DeviceId = deviceId ?? string.Empty,
                ModuleId = Text(sys, ModuleIdProperty),
                Body = bytes,
                ContentType = Text(sys, ContentTypeProperty),
                ContentEncoding = Text(sys, ContentEncodingProperty),
                MessageId = Text(sys, MessageIdProperty),
                Properties = Properties(At(properties, index)),
                EnqueuedTime = Time(sys is { } s ? InvocationRequest.Property(s, IotHubEnqueuedTimeProperty) : null) ?? Time(At(enqueued, index)),
                SequenceNumber = Long(At(sequence, index)) ?? Long(sys is { } s2 ? InvocationRequest.Property(s2, "SequenceNumber") : null),
            };
            var problem = bodyProblem
                ?? (string.IsNullOrEmpty(deviceId) ? $"The event has no '{DeviceIdProperty}' system property: it did not come from an IoT Hub device." : null);
            events.Add(new HubEvent(index, message, problem));
            index++;
        }

        return events;
    }

    /// <summary>Base64 as the host sends binary bodies; a body that is not base64 is kept as its UTF-8 text (dataType string).</summary>
    private static (byte[] Bytes, string? Problem) Body(JsonElement body)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.String:
                var text = body.GetString()!;
                var buffer = new byte[(text.Length * 3 / 4) + 3];
                return Convert.TryFromBase64String(text, buffer, out var written)
                    ? (buffer.AsSpan(0, written).ToArray(), null)
                    : (Encoding.UTF8.GetBytes(text), null);
            case JsonValueKind.Object or JsonValueKind.Array:
                return (Encoding.UTF8.GetBytes(body.GetRawText()), null);
            default:
                return (Encoding.UTF8.GetBytes(body.GetRawText()), $"The event body is {body.ValueKind}, not bytes.");
        }
    }

    private static JsonElement[] ArrayOrEmpty(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray()] : [];

    private static JsonElement? At(JsonElement[] values, int index) =>
        index < values.Length && values[index].ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? values[index] : null;

    private static string? Text(JsonElement? obj, string name) =>
        obj is { } o && InvocationRequest.Property(o, name) is { } value ? Scalar(value) : null;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static Dictionary<string, string> Properties(JsonElement? obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is { ValueKind: JsonValueKind.Object } o)
        {
            foreach (var property in o.EnumerateObject())
            {
                if (Scalar(property.Value) is { } value)
                {
                    result[property.Name] = value;
                }
            }
        }

        return result;
    }

    /// <summary>ISO 8601; Newtonsoft writes the extension's <c>DateTime</c> values without a zone, and they are UTC.</summary>
    private static DateTimeOffset? Time(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } v
        && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static long? Long(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var l) => l,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };
}
