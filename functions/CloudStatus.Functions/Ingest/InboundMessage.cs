namespace CloudStatus.Functions.Ingest;

/// <summary>
/// One device-to-cloud message as it reaches central: from the Event Hubs trigger in Azure (with IoT Hub's
/// system properties) or from the dev hub locally. <see cref="DeviceId"/> is the authenticated identity
/// that sent it, never a value read from the body.
/// </summary>
public sealed record InboundMessage
{
    public required string DeviceId { get; init; }
    public string? ModuleId { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public string? MessageId { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? EnqueuedTime { get; init; }
    public long? SequenceNumber { get; init; }
}
