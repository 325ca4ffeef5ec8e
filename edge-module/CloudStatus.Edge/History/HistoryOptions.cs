namespace CloudStatus.Edge.History;

/// <summary>The local full-fidelity history (section <c>CloudStatus:Edge:History</c>).</summary>
public sealed record HistoryOptions
{
    /// <summary>Off: no transitions are recorded and the <c>history</c> direct method answers 501.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Events older than this (by local time) are pruned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often recorded transitions are written to the history file, in one batch.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Transitions held in memory between flushes; past it they are counted and reported as a gap.</summary>
    public int MaxPending { get; set; } = 100_000;

    /// <summary>At most this many events are kept, whatever their age (the oldest go first).</summary>
    public long MaxEvents { get; set; } = 5_000_000;

    /// <summary>Largest <c>history</c> answer; below IoT Hub's 128 KB direct-method payload limit.</summary>
    public int MaxPageBytes { get; set; } = 120 * 1024;

    /// <summary>Every problem as a sentence naming the setting (relative to the edge section); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Retention <= TimeSpan.Zero)
        {
            errors.Add($"History:{nameof(Retention)} must be positive (was {Retention}).");
        }

        if (FlushInterval < TimeSpan.FromMilliseconds(10) || PruneInterval < TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"History:{nameof(FlushInterval)} and History:{nameof(PruneInterval)} must be at least 10 ms.");
        }

        if (MaxPending < 1)
        {
            errors.Add($"History:{nameof(MaxPending)} must be at least 1 (was {MaxPending}).");
        }

        if (MaxEvents < 1)
        {
            errors.Add($"History:{nameof(MaxEvents)} must be at least 1 (was {MaxEvents}).");
        }

        if (MaxPageBytes is < 4 * 1024 or > Core.Commands.HistoryPage.MaxPayloadBytes)
        {
            errors.Add($"History:{nameof(MaxPageBytes)} must be from 4096 to {Core.Commands.HistoryPage.MaxPayloadBytes} (was {MaxPageBytes}).");
        }

        return errors;
    }
}
