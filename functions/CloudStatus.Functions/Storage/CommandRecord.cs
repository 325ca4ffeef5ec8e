namespace CloudStatus.Functions.Storage;

/// <summary>An operator command and what became of it (also the audit trail: who asked, when).</summary>
internal sealed record CommandRecord
{
    public required string CommandId { get; init; }
    public required string TenantId { get; init; }
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }
    public required string Action { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required string RequestedBy { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Result { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>For add: the new producer's kind, parent and configuration (raw JSON object).</summary>
    public string? Kind { get; init; }

    public string? ParentId { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(Core.Wire.RawJsonObjectConverter))]
    public string? Config { get; init; }

    /// <summary>For add: the MAC or IP (normalized) by which the new producer may be recognised.</summary>
    public Core.Commands.ProducerMatch? Match { get; init; }

    /// <summary>For address (docs/adr/0150): the producer's new IP and the one it had.</summary>
    public string? Ip { get; init; }

    public string? PreviousIp { get; init; }
}
