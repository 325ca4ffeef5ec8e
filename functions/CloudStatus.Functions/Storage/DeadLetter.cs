namespace CloudStatus.Functions.Storage;

/// <summary>A device-to-cloud message ingest refused, kept for operators with the reason and the raw bytes.</summary>
internal sealed record DeadLetter
{
    public required string Id { get; init; }
    public required string DeviceId { get; init; }
    public required string Reason { get; init; }
    public required byte[] Body { get; init; }
    public string? ContentEncoding { get; init; }
    public string? MessageId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}
