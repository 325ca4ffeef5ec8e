namespace CloudStatus.Edge.Transport;

/// <summary>A device-to-cloud message: body plus the IoT Hub system and application properties.</summary>
public sealed record OutboundMessage(
    byte[] Body,
    string MessageId,
    string ContentType,
    string? ContentEncoding,
    IReadOnlyDictionary<string, string> Properties);
