using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Commands;

/// <summary>
/// Payload of the <c>history</c> direct method (S3): the server's own local events with local time in [From, To),
/// optionally of one type, in (time, number) order, at most <see cref="Limit"/> (default <see cref="DefaultLimit"/>),
/// strictly after the event <see cref="After"/> when given (the last event id of the previous page).
/// </summary>
public sealed record HistoryRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Type { get; init; }
    public int? Limit { get; init; }
    public string? After { get; init; }
}

/// <summary>
/// The 200 answer of <c>history</c>: one page of local events, trimmed to fit a direct method payload
/// (<see cref="MaxPayloadBytes"/>); <see cref="More"/> says whether events past the last one match.
/// </summary>
public sealed record HistoryPage
{
    /// <summary>IoT Hub's limit on a direct method's request and response payload.</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    public required IReadOnlyList<HistoryEvent> Events { get; init; }
    public required bool More { get; init; }
}

/// <summary>
/// One event of a local server's full-fidelity history: every observation-level transition the edge saw, flaps
/// included. <see cref="EventId"/> is <c>{serverId}:{historyEpoch}:{Number}</c>, stable and unique; Number orders
/// the events of one history file.
/// </summary>
public sealed record HistoryEvent
{
    public required string EventId { get; init; }
    public required long Number { get; init; }
    public required string ProducerId { get; init; }

    /// <summary>One of <see cref="History.LocalEventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The health observed (for health transitions and first sightings).</summary>
    public Health? Health { get; init; }

    /// <summary>The health observed before (for health transitions).</summary>
    public Health? PreviousHealth { get; init; }

    /// <summary>The local server's clock when the edge saw it.</summary>
    public required DateTimeOffset At { get; init; }

    public string? Detail { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryRequest))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(HistoryEvent))]
public sealed partial class HistoryJsonContext : JsonSerializerContext;
