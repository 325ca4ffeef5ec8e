using CloudStatus.Core.Model;

namespace CloudStatus.Edge.History;

/// <summary>One transition as the hot path records it, before the history file gives it a number and an id.</summary>
internal readonly record struct LocalTransition(
    string ProducerId,
    string Type,
    Health? Health,
    Health? PreviousHealth,
    DateTimeOffset At,
    string? Detail = null);
