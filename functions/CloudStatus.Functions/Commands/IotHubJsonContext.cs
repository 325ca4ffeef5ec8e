using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Functions.Commands;

/// <summary>The result body of a direct method IoT Hub delivered: the module's status and payload (CloudToDeviceMethodResult).</summary>
internal sealed record IotHubMethodResult(
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("payload")] JsonElement? Payload);

/// <summary>IoT Hub's error body: <c>{"Message":"{\"errorCode\":404103,…}","ExceptionMessage":""}</c> — the detail is JSON inside a string.</summary>
internal sealed record IotHubErrorEnvelope(
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("ExceptionMessage")] string? ExceptionMessage);

/// <summary>The detail inside <see cref="IotHubErrorEnvelope.Message"/>.</summary>
internal sealed record IotHubErrorDetail(
    [property: JsonPropertyName("errorCode")] int? ErrorCode,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("trackingId")] string? TrackingId);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(IotHubMethodResult))]
[JsonSerializable(typeof(IotHubErrorEnvelope))]
[JsonSerializable(typeof(IotHubErrorDetail))]
internal sealed partial class IotHubJsonContext : JsonSerializerContext;
